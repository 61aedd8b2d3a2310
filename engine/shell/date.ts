/**
 * strftime for `date +FORMAT` and `watch`'s title, over the simulated clock in UTC (kind's
 * containers and the learner's shell both run in UTC here; the host's zone never leaks).
 */

const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const longMonths = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const pad = (n: number, w = 2, c = "0") => String(n).padStart(w, c);

export function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const conv: Record<string, () => string> = {
    a: () => days[d.getUTCDay()]!,
    A: () => longDays[d.getUTCDay()]!,
    b: () => months[d.getUTCMonth()]!,
    h: () => months[d.getUTCMonth()]!,
    B: () => longMonths[d.getUTCMonth()]!,
    d: () => pad(d.getUTCDate()),
    e: () => pad(d.getUTCDate(), 2, " "),
    H: () => pad(d.getUTCHours()),
    I: () => pad(((d.getUTCHours() + 11) % 12) + 1),
    M: () => pad(d.getUTCMinutes()),
    S: () => pad(d.getUTCSeconds()),
    m: () => pad(d.getUTCMonth() + 1),
    y: () => pad(d.getUTCFullYear() % 100),
    Y: () => String(d.getUTCFullYear()),
    j: () => pad(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3),
    p: () => (d.getUTCHours() < 12 ? "AM" : "PM"),
    s: () => String(Math.floor(ms / 1000)),
    N: () => pad((ms % 1000) * 1_000_000, 9),
    Z: () => "UTC",
    z: () => "+0000",
    T: () => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    R: () => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    F: () => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    D: () => `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)}`,
    u: () => String(d.getUTCDay() === 0 ? 7 : d.getUTCDay()),
    w: () => String(d.getUTCDay()),
    n: () => "\n",
    t: () => "\t",
    "%": () => "%",
  };
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%" || i === format.length - 1) {
      out += c;
      continue;
    }
    const f = conv[format[++i]!];
    out += f ? f() : `%${format[i]}`;
  }
  return out;
}
