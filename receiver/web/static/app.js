// alertgraph console: live list updates (server-sent events) and the approve confirmation.
// Served from the package under a strict CSP: no inline script, no external requests.
"use strict";

function liveList(table) {
  const body = table.tBodies[0];
  const source = new EventSource(table.dataset.live);
  source.addEventListener("incident", (message) => {
    const incident = JSON.parse(message.data);
    let row = body.querySelector(`tr[data-incident-id="${CSS.escape(incident.id)}"]`);
    if (!row) {
      row = document.createElement("tr");
      row.dataset.incidentId = incident.id;
      const link = document.createElement("td");
      const a = document.createElement("a");
      a.href = `/ui/incidents/${encodeURIComponent(incident.id)}`;
      a.textContent = incident.id;
      link.appendChild(a);
      row.appendChild(link);
      for (const name of ["status", "category", "app", "namespace", "created"]) {
        const cell = document.createElement("td");
        cell.className = name;
        row.appendChild(cell);
      }
      body.insertBefore(row, body.firstChild);
      const empty = document.getElementById("no-incidents");
      if (empty) empty.remove();
    }
    const status = row.querySelector("td.status");
    status.textContent = incident.status_text;
    status.dataset.status = incident.status;
    for (const name of ["category", "app", "namespace"]) {
      if (incident[name]) row.querySelector(`td.${name}`).textContent = incident[name];
    }
  });
}

function confirmApprove(button) {
  const dialog = document.getElementById(button.dataset.confirm);
  if (!dialog || typeof dialog.showModal !== "function") return; // no dialog: plain submit
  button.addEventListener("click", (event) => {
    event.preventDefault();
    dialog.showModal();
    document.getElementById("confirm-approve-yes").focus();
  });
  document.getElementById("confirm-approve-no").addEventListener("click", () => dialog.close());
}

document.addEventListener("DOMContentLoaded", () => {
  const table = document.getElementById("incidents");
  if (table && table.dataset.live && window.EventSource) liveList(table);
  for (const button of document.querySelectorAll("button[data-confirm]")) confirmApprove(button);
});
