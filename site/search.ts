// The page chrome's only script (every page): the search box (fetches /search-index.json on
// first use), the theme toggle (html[data-theme], remembered in localStorage; the inline script
// in the layout's <head> applies it before the first paint), and the phone sidebar toggle.
// Lesson running lives in site/client/, which loads the engine only when a reader asks for it.
import { type SearchDoc, search } from "./search-terms.ts";

const themeKey = "kubook-theme";

function currentTheme(): "light" | "dark" {
  const set = document.documentElement.dataset.theme;
  if (set === "light" || set === "dark") return set;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function initTheme(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-kubook-theme-toggle]")) {
    const sync = () => button.setAttribute("aria-pressed", String(currentTheme() === "dark"));
    sync();
    button.addEventListener("click", () => {
      const next = currentTheme() === "dark" ? "light" : "dark";
      document.documentElement.dataset.theme = next;
      try {
        localStorage.setItem(themeKey, next);
      } catch {
        // Private mode: the choice lasts for this page only.
      }
      sync();
    });
  }
}

function initNav(): void {
  const button = document.querySelector<HTMLButtonElement>("[data-kubook-nav-toggle]");
  const nav = button && document.getElementById(button.getAttribute("aria-controls") ?? "");
  if (!button || !nav) return;
  const set = (open: boolean) => {
    button.setAttribute("aria-expanded", String(open));
    nav.toggleAttribute("data-open", open);
  };
  button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
}

let index: Promise<SearchDoc[]> | undefined;
function loadIndex(): Promise<SearchDoc[]> {
  index ??= fetch(new URL("/search-index.json", location.href))
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
    .then((j: { lessons: SearchDoc[] }) => j.lessons)
    .catch((e) => {
      index = undefined;
      throw e;
    });
  return index;
}

function initSearch(): void {
  for (const input of document.querySelectorAll<HTMLInputElement>("input[data-kubook-search]")) {
    const list = document.getElementById(input.getAttribute("aria-controls") ?? "");
    if (!list) continue;
    let seq = 0;
    const show = async () => {
      const q = input.value.trim();
      const mine = ++seq;
      if (!q) {
        list.replaceChildren();
        return;
      }
      let docs: SearchDoc[];
      try {
        docs = await loadIndex();
      } catch {
        docs = [];
      }
      if (mine !== seq) return;
      const hits = search(docs, q);
      const items = hits.map((hit) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = `/lessons/${hit.doc.slug}/${hit.heading ? `#${encodeURIComponent(hit.heading.id)}` : ""}`;
        a.textContent = hit.doc.title;
        const small = document.createElement("small");
        small.textContent = hit.heading ? hit.heading.text : hit.doc.description;
        a.append(small);
        li.append(a);
        return li;
      });
      if (items.length === 0) {
        const li = document.createElement("li");
        li.className = "kb-empty";
        li.textContent = "찾는 레슨이 없다.";
        items.push(li);
      }
      list.replaceChildren(...items);
    };
    input.addEventListener("focus", () => void loadIndex().catch(() => {}), { once: true });
    input.addEventListener("input", () => void show());
    input.form?.addEventListener("submit", (e) => {
      e.preventDefault();
      list.querySelector<HTMLAnchorElement>("a")?.click();
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        input.value = "";
        void show();
      } else if (e.key === "ArrowDown") {
        const first = list.querySelector<HTMLAnchorElement>("a");
        if (first) {
          e.preventDefault();
          first.focus();
        }
      }
    });
    list.addEventListener("keydown", (e) => {
      const links = [...list.querySelectorAll<HTMLAnchorElement>("a")];
      const i = links.indexOf(document.activeElement as HTMLAnchorElement);
      if (e.key === "ArrowDown" && i >= 0 && i + 1 < links.length) {
        e.preventDefault();
        links[i + 1]!.focus();
      } else if (e.key === "ArrowUp" && i >= 0) {
        e.preventDefault();
        (i === 0 ? input : links[i - 1]!).focus();
      } else if (e.key === "Escape") input.focus();
    });
  }
}

initTheme();
initNav();
initSearch();
