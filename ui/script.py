"""The page's own script, put in the page head: behaviour Gradio's components do not offer.

Everything here reads text through `textContent`, `innerText` or data attributes and writes it back with
`textContent` or as attribute values, never as markup, so no question, file name or article can run code.
"""

from ui.messages import MAX_QUESTION_CHARS

# - The question box takes its direction from what is typed, and a counter under it shows its length
#   against the limit, so a pasted article is refused before it is sent, not echoed as a wall of text.
# - [n] links scroll to their card once it is shown (clicking an older answer first brings its cards back
#   into the sources panel); a card's "back to the answer" link returns to the bubble it belongs to, which a
#   phone user needs, as the cards sit far below the chat there.
# - A copy button puts the answer's plain text and source list (kept hidden beside it) on the clipboard.
# - Gradio names each chat message by its content, which here is markup: screen readers would read the tags.
#   Each message is named by its visible text instead.
# - A browser that asks for Arabic gets the page in Arabic order: right to left, lang="ar".
HEAD = """
<script>
(() => {
  const LIMIT = __LIMIT__;
  const arabicPage = /^ar\\b/i.test(navigator.language || "");
  if (arabicPage) {
    document.documentElement.setAttribute("lang", "ar");
    document.documentElement.setAttribute("dir", "rtl");
  }
  const updateCounter = () => {
    const box = document.querySelector("#question textarea");
    const counter = document.querySelector("#question-counter .counter");
    if (!box || !counter) return;
    const length = box.value.length;
    const shown = length.toLocaleString("en") + " / " + LIMIT.toLocaleString("en");
    // Written only when it changes: writing it is itself a change the observer below would see again.
    if (counter.textContent !== shown) counter.textContent = shown;
    if (counter.classList.contains("over") !== length > LIMIT) counter.classList.toggle("over", length > LIMIT);
  };
  const plainLabels = () => {
    for (const message of document.querySelectorAll("#chat [aria-label]")) {
      const label = message.getAttribute("aria-label") || "";
      if (!label.includes("'s message: ")) continue;
      const block = message.querySelector(".question, .answer");
      if (!block) continue;
      const arabic = block.getAttribute("lang") === "ar" || block.getAttribute("dir") === "rtl";
      const who = block.classList.contains("question")
        ? (arabic ? "سؤال" : "Question") : (arabic ? "إجابة" : "Answer");
      const copy = block.querySelector(".copy-answer");
      let text = block.innerText || block.textContent || "";
      if (copy && text.trimEnd().endsWith(copy.textContent)) text = text.trimEnd().slice(0, -copy.textContent.length);
      const plain = who + ": " + text.trim();
      if (label !== plain) message.setAttribute("aria-label", plain);
    }
  };
  const tidy = () => {
    for (const box of document.querySelectorAll("#question textarea")) {
      if (box.getAttribute("dir") !== "auto") box.setAttribute("dir", "auto");
      if (!box.dataset.counted) {
        box.dataset.counted = "1";
        box.addEventListener("input", updateCounter);
      }
    }
    updateCounter();
    plainLabels();
  };
  new MutationObserver(tidy).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label"],
  });
  const copyText = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      const area = document.createElement("textarea");
      area.value = text;
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
  };
  document.addEventListener("click", (event) => {
    const target = event.target.closest ? event.target : null;
    if (!target) return;
    const copy = target.closest("button.copy-answer");
    if (copy) {
      event.preventDefault();
      event.stopPropagation();
      const text = copy.parentElement.querySelector(".copy-text");
      copyText(text ? text.textContent : "").then(() => {
        const label = copy.textContent;
        copy.textContent = "✓ " + label;
        setTimeout(() => { copy.textContent = label; }, 1500);
      });
      return;
    }
    const back = target.closest("a.back-to-answer");
    if (back) {
      event.preventDefault();
      // The chat's sanitiser keeps no ids or data attributes: answer n is the chat's n-th answer bubble.
      const turn = parseInt((back.getAttribute("href") || "").replace("#answer-", ""), 10);
      const bubble = document.querySelectorAll("#chat .answer")[turn - 1] || document.querySelector("#chat");
      bubble.scrollIntoView({ behavior: "smooth", block: "center" });
      return;
    }
    const link = target.closest("a.cite");
    if (!link) return;
    event.preventDefault();
    const id = (link.getAttribute("href") || "").slice(1);
    let tries = 0;
    const reveal = () => {
      const card = document.getElementById(id);
      if (card) {
        card.scrollIntoView({ behavior: "smooth", block: "nearest" });
        card.classList.add("flash");
        setTimeout(() => card.classList.remove("flash"), 1600);
      } else if (tries++ < 60) {
        setTimeout(reveal, 50);
      }
    };
    reveal();
  }, true);
})();
</script>
""".replace("__LIMIT__", str(MAX_QUESTION_CHARS))
