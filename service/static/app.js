// The Unsent page: sends the draft to /v1/check and shows the answer.
// The draft is never stored; only the no-contact start date and length are kept, in localStorage.
"use strict";

const STORE = { start: "unsent.noContact.start", days: "unsent.noContact.days" };
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
const LABEL_WORDS = { practical: "Practical", reaching_out: "Reaching out", pleading: "Pleading",
                      harassing: "Harassing" };

const $ = (id) => document.getElementById(id);

function dayName(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const text = `${WEEKDAYS[day.getUTCDay()]} ${d} ${MONTHS[m - 1]}`;
  return y === new Date().getFullYear() ? text : `${text} ${y}`;
}

function headline(answer) {
  if (answer.verdict === "send") return "OK to send";
  if (answer.hold_until) return `Hold it until ${dayName(answer.hold_until)}`;
  return "Don't send this";
}

// Offsets count code points (Python string indices), so split the text the same way.
function highlighted(text, highlights) {
  const chars = Array.from(text);
  const spans = [...highlights].sort((a, b) => a.start - b.start);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out.append(chars.slice(at, span.start).join(""));
    const mark = document.createElement("mark");
    mark.className = span.label;
    mark.title = `${LABEL_WORDS[span.label]}, weight ${span.weight.toFixed(2)}`;
    mark.textContent = chars.slice(span.start, span.end).join("");
    out.append(mark);
    at = span.end;
  }
  out.append(chars.slice(at).join(""));
  return out;
}

function fillList(list, items) {
  list.replaceChildren(...items.map((item) => {
    const li = document.createElement("li");
    li.textContent = item;
    return li;
  }));
}

function show(answer, text) {
  const verdict = $("verdict");
  verdict.textContent = headline(answer);
  verdict.className = answer.verdict;
  $("suggestion").textContent = answer.suggestion;
  const p = answer.probabilities[answer.label];
  $("label").textContent = `${LABEL_WORDS[answer.label]} (${Math.min(99, Math.round(p * 100))}% sure)`;
  $("highlighted").replaceChildren(highlighted(text, answer.highlights));
  fillList($("reasons"), answer.reasons);
  $("crisis").hidden = !answer.safety.self_harm;
  fillList($("crisis-lines"), answer.safety.resources);
  $("model").textContent = `Model ${answer.model_version}`;
  $("result").hidden = false;
  verdict.focus();
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function requestBody(text) {
  const body = { text, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || null };
  const start = $("nc-start").value;
  if (start) body.no_contact = { start, days: Number($("nc-days").value) || 30 };
  return body;
}

function remember() {
  try {
    localStorage.setItem(STORE.start, $("nc-start").value);
    localStorage.setItem(STORE.days, $("nc-days").value);
  } catch (_) { /* private browsing: nothing to remember */ }
}

function recall() {
  try {
    $("nc-start").value = localStorage.getItem(STORE.start) || "";
    $("nc-days").value = localStorage.getItem(STORE.days) || "30";
  } catch (_) { /* storage unavailable */ }
}

async function check(event) {
  event.preventDefault();
  const text = $("draft").value;
  if (!text.trim()) {
    showError("Type or paste your message first.");
    $("draft").focus();
    return;
  }
  remember();
  showError("");
  const button = $("check");
  button.disabled = true;
  button.textContent = "Reading…";
  try {
    const response = await fetch("/v1/check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(requestBody(text)),
    });
    const answer = await response.json();
    if (!response.ok) {
      showError(answer.error ? answer.error.message : "Something went wrong; try again.");
      return;
    }
    show(answer, text);
  } catch (_) {
    showError("Unsent could not be reached. Is the service still running?");
  } finally {
    button.disabled = false;
    button.textContent = "Check my message";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  recall();
  $("check-form").addEventListener("submit", check);
  $("nc-start").addEventListener("change", remember);
  $("nc-days").addEventListener("change", remember);
  $("draft").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("check-form").requestSubmit();
  });
});
