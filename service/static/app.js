// The Unsent page: sends the draft to /v1/check and shows the answer; on a hold verdict it can
// put the draft away (/v1/holds) and lists the held drafts without their words.
// The draft is stored only when the writer asks for it to be held. The no-contact start date and
// length are kept in localStorage and in the writer's profile (/v1/profile).
"use strict";

const STORE = { start: "unsent.noContact.start", days: "unsent.noContact.days" };
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
const LABEL_WORDS = { practical: "Practical", reaching_out: "Reaching out", pleading: "Pleading",
                      harassing: "Harassing" };
const UNREACHABLE = "Unsent could not be reached. Is the service still running?";

const $ = (id) => document.getElementById(id);

function formatDay(year, month, day, weekday) {
  const text = `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]}`;
  return year === new Date().getFullYear() ? text : `${text} ${year}`;
}

// A calendar date written YYYY-MM-DD: "Tuesday 22 December".
function dayName(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return formatDay(y, m, d, new Date(Date.UTC(y, m - 1, d)).getUTCDay());
}

// An instant (ISO 8601, UTC): the day it was on this device.
function localDayName(instant) {
  const when = new Date(instant);
  if (Number.isNaN(when.getTime())) return "";
  return formatDay(when.getFullYear(), when.getMonth() + 1, when.getDate(), when.getDay());
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

// Fills the elements marked data-part="…" inside root with a /v1/check answer for text.
function renderAnswer(root, answer, text) {
  const part = (name) => root.querySelector(`[data-part="${name}"]`);
  const verdict = part("verdict");
  verdict.textContent = headline(answer);
  verdict.classList.remove("send", "hold");
  verdict.classList.add(answer.verdict);
  part("suggestion").textContent = answer.suggestion;
  const p = answer.probabilities[answer.label];
  part("label").textContent = `${LABEL_WORDS[answer.label]} (${Math.min(99, Math.round(p * 100))}% sure)`;
  part("highlighted").replaceChildren(highlighted(text, answer.highlights));
  fillList(part("reasons"), answer.reasons);
  part("crisis").hidden = !answer.safety.self_harm;
  fillList(part("crisis-lines"), answer.safety.resources);
  part("model").textContent = `Model ${answer.model_version}`;
}

// The draft and the answer on screen, kept for "Hold it for me".
let current = null;

function show(answer, text) {
  renderAnswer($("result"), answer, text);
  current = answer.verdict === "hold" ? { text, holdUntil: answer.hold_until } : null;
  $("hold-offer").hidden = !current;
  $("held-note").hidden = true;
  $("result").hidden = false;
  $("verdict").focus();
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function timezone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
}

function period() {
  const start = $("nc-start").value;
  return start ? { start, days: Number($("nc-days").value) || 30 } : null;
}

function requestBody(text) {
  const body = { text, timezone: timezone() };
  const noContact = period();
  if (noContact) body.no_contact = noContact;
  return body;
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body.error && body.error.message) return body.error.message;
  } catch (_) { /* not JSON */ }
  return "Something went wrong; try again.";
}

// The period also goes to the writer's profile, so holds without a date end when it ends.
// The requests go one after another, so the last period saved is the one the server keeps.
let savedProfile = null;
let profileSaving = Promise.resolve();

async function putProfile(body) {
  try {
    const response = await fetch("/v1/profile", {
      method: "PUT", headers: { "Content-Type": "application/json" }, body,
    });
    if (!response.ok) {
      if (savedProfile === body) savedProfile = null;
      showError(await errorMessage(response));
    }
  } catch (_) {
    if (savedProfile === body) savedProfile = null;  // offline: the next check says so
  }
}

function saveProfile() {
  const body = JSON.stringify({ no_contact: period(), timezone: timezone() });
  if (body === savedProfile) return profileSaving;
  savedProfile = body;
  profileSaving = profileSaving.then(() => putProfile(body));
  return profileSaving;
}

function remember() {
  try {
    localStorage.setItem(STORE.start, $("nc-start").value);
    localStorage.setItem(STORE.days, $("nc-days").value);
  } catch (_) { /* private browsing: nothing to remember */ }
  saveProfile();
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
    showError(UNREACHABLE);
  } finally {
    button.disabled = false;
    button.textContent = "Check my message";
  }
}

// --- holding a draft ---------------------------------------------------------------------

async function holdCurrent() {
  if (!current) return;
  const holdButton = $("hold");
  holdButton.disabled = true;
  holdButton.textContent = "Putting it away…";
  showError("");
  let response;
  try {
    await profileSaving;
    response = await fetch("/v1/holds", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: current.text, hold_until: current.holdUntil || null }),
    });
  } catch (_) {
    response = null;
  } finally {
    holdButton.disabled = false;
    holdButton.textContent = "Hold it for me";
  }
  if (!response || !response.ok) {
    showError(response ? await errorMessage(response) : UNREACHABLE);
    holdButton.focus();  // disabling it dropped the focus
    return;
  }
  const hold = await response.json();
  current = null;
  $("draft").value = "";
  $("result").hidden = true;
  $("highlighted").replaceChildren();  // out of sight means off the page too
  const note = $("held-note");
  note.textContent = `Held until ${dayName(hold.hold_until)}. It's out of sight; we'll bring it back then.`;
  note.hidden = false;
  note.focus();
  loadHolds();
}

// --- the held drafts ---------------------------------------------------------------------

let viewing = null;  // { id, opener } of the hold shown in the view

function countdown(hold) {
  if (hold.status === "released") return "Ready for a second look";
  return hold.days_left === 1 ? "1 day left" : `${hold.days_left} days left`;
}

function button(text, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.className = className;
  b.addEventListener("click", onClick);
  return b;
}

function holdItem(hold) {
  const li = document.createElement("li");
  li.className = `held-item ${hold.status}`;
  li.dataset.id = hold.id;
  const describedBy = `held-item-${hold.id}`;

  const when = document.createElement("p");
  when.className = "countdown";
  when.textContent = countdown(hold);
  const about = document.createElement("p");
  about.className = "hint";
  about.id = describedBy;
  const since = localDayName(hold.created_at);
  about.textContent = (since ? `Held on ${since}, ` : "Held ") + `until ${dayName(hold.hold_until)}`;

  const actions = document.createElement("div");
  actions.className = "actions";
  const open = hold.status === "released"
    ? button("Read it again", "", (event) => openHold(hold.id, event.currentTarget))
    : button("Show it anyway", "secondary", (event) => openHold(hold.id, event.currentTarget));
  const remove = button("Delete", "secondary danger", () => askToDelete(li, hold.id, remove));
  for (const b of [open, remove]) b.setAttribute("aria-describedby", describedBy);
  actions.append(open, remove);

  li.append(when, about, actions);
  return li;
}

function askToDelete(li, id, opener) {
  if (li.querySelector(".confirm")) return;
  const box = document.createElement("div");
  box.className = "confirm";
  box.setAttribute("role", "group");
  const question = document.createElement("p");
  question.id = `confirm-${id}`;
  question.textContent = "Delete this draft for good? It cannot be brought back.";
  box.setAttribute("aria-labelledby", question.id);
  const actionsRow = li.querySelector(".actions");
  const close = () => { box.remove(); actionsRow.hidden = false; opener.focus(); };
  const yes = button("Yes, delete it", "danger", () => deleteHold(id));
  const keep = button("Keep it", "secondary", close);
  box.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });
  const actions = document.createElement("div");
  actions.className = "actions";
  actions.append(yes, keep);
  box.append(question, actions);
  actionsRow.after(box);
  actionsRow.hidden = true;
  keep.focus();
}

// Requests under way, by hold id: a second click waits for the first instead of repeating it.
// (Buttons are not disabled meanwhile, which would drop the keyboard focus.)
const busy = new Set();

async function deleteHold(id) {
  if (busy.has(id)) return;
  busy.add(id);
  setHeldStatus("");
  let response;
  try {
    response = await fetch(`/v1/holds/${encodeURIComponent(id)}`, { method: "DELETE" });
  } catch (_) {
    setHeldStatus(UNREACHABLE);
    return;
  } finally {
    busy.delete(id);
  }
  if (!response.ok && response.status !== 404) {  // 404: already gone, which is what was asked
    setHeldStatus(await errorMessage(response));
    return;
  }
  $("held-note").hidden = true;  // it may have been about this one
  if (viewing && viewing.id === id) closeView(false);
  await loadHolds();
  setHeldStatus("Deleted for good.");
  $("held-title").focus();
}

function setHeldStatus(message) {
  $("held-status").textContent = message;
}

async function loadHolds() {
  let response;
  try {
    response = await fetch("/v1/holds");
  } catch (_) {
    setHeldStatus(UNREACHABLE);
    return;
  }
  if (!response.ok) {
    setHeldStatus(await errorMessage(response));
    return;
  }
  const { holds } = await response.json();
  const view = $("hold-view");
  $("held").append(view);  // out of the list before the list is replaced
  $("held-list").replaceChildren(...holds.map(holdItem));
  $("held-empty").hidden = holds.length > 0;
  const li = viewing && itemOf(viewing.id);
  if (li) {
    li.append(view);
    viewing.opener = li.querySelector(".actions button");
  } else {
    closeView(false);
  }
}

function itemOf(id) {
  return [...$("held-list").children].find((li) => li.dataset.id === id) || null;
}

async function openHold(id, opener) {
  if (busy.has(id)) return;
  busy.add(id);
  setHeldStatus("");
  let response;
  try {
    response = await fetch(`/v1/holds/${encodeURIComponent(id)}`);
  } catch (_) {
    setHeldStatus(UNREACHABLE);
    return;
  } finally {
    busy.delete(id);
  }
  if (!response.ok) {
    setHeldStatus(await errorMessage(response));
    if (response.status === 404) loadHolds();
    return;
  }
  showHold(await response.json(), opener);
}

function showHold(hold, opener) {
  const view = $("hold-view");
  const title = $("hold-view-title");
  const second = $("second-look");
  if (hold.status === "released" && hold.second_look) {
    title.textContent = hold.prompt;
    $("hold-view-note").textContent = "Here it is, read again with fresh eyes.";
    renderAnswer(view, hold.second_look, hold.text);  // the highlighted text and the second look
    second.hidden = false;
  } else {
    title.textContent = `Held until ${dayName(hold.hold_until)} (${countdown(hold)})`;
    $("hold-view-note").textContent = "It isn't its day yet. You chose to read it anyway; that's all right.";
    $("hold-view-text").textContent = hold.text;
    second.hidden = true;
  }
  viewing = { id: hold.id, opener };
  const li = itemOf(hold.id);
  (li || $("held")).append(view);
  view.hidden = false;
  title.focus();
}

function closeView(refocus) {
  const view = $("hold-view");
  view.hidden = true;
  $("hold-view-text").replaceChildren();
  $("hold-view-title").textContent = "";
  const opener = viewing && viewing.opener;
  viewing = null;
  $("held").append(view);
  if (refocus) (opener && opener.isConnected ? opener : $("held-title")).focus();
}

document.addEventListener("DOMContentLoaded", () => {
  recall();
  $("check-form").addEventListener("submit", check);
  $("nc-start").addEventListener("change", remember);
  $("nc-days").addEventListener("change", remember);
  $("draft").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("check-form").requestSubmit();
  });
  $("hold").addEventListener("click", holdCurrent);
  $("hold-view-close").addEventListener("click", () => closeView(true));
  loadHolds();
});
