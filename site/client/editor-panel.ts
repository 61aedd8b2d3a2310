/**
 * A small text editor for the terminal (lazy chunk, with terminal.ts): a <dialog> with a
 * <textarea>, used for `vi FILE` / `nano FILE` / `kubook-edit FILE` and for `kubectl edit`.
 * Resolves with the edited text, or undefined when cancelled.
 */
export function editText(title: string, content: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const dialog = document.createElement("dialog");
    dialog.className = "kb-editor";
    dialog.setAttribute("data-kubook-editor", "");
    const form = document.createElement("form");
    form.method = "dialog";
    const heading = document.createElement("p");
    heading.className = "kb-editor-title";
    heading.textContent = title;
    const area = document.createElement("textarea");
    area.className = "kb-editor-text";
    area.spellcheck = false;
    area.autocapitalize = "off";
    area.setAttribute("autocorrect", "off");
    area.setAttribute("aria-label", title);
    area.value = content;
    area.rows = Math.min(30, Math.max(8, content.split("\n").length + 1));
    const bar = document.createElement("div");
    bar.className = "kb-editor-bar";
    const save = document.createElement("button");
    save.type = "submit";
    save.value = "save";
    save.setAttribute("data-kubook-editor-save", "");
    save.textContent = "저장 (Ctrl+S)";
    const cancel = document.createElement("button");
    cancel.type = "submit";
    cancel.value = "cancel";
    cancel.setAttribute("data-kubook-editor-cancel", "");
    cancel.textContent = "취소 (Esc)";
    bar.append(save, cancel);
    form.append(heading, area, bar);
    dialog.append(form);
    document.body.append(dialog);
    let saved = false;
    area.addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        saved = true;
        dialog.close("save");
      }
      // Tab inserts two spaces (YAML) instead of leaving the field.
      if (e.key === "Tab" && !e.shiftKey) {
        e.preventDefault();
        area.setRangeText("  ", area.selectionStart, area.selectionEnd, "end");
      }
    });
    dialog.addEventListener("close", () => {
      const value = saved || dialog.returnValue === "save" ? area.value : undefined;
      dialog.remove();
      resolve(value);
    });
    dialog.showModal();
    area.focus();
    area.setSelectionRange(0, 0);
    area.scrollTop = 0;
  });
}
