// Downwatch report form, progressive enhancement. Without this script the form is a plain POST answered by a 303 back
// to the page with a thank-you. With it, a report goes to the JSON variant with fetch and the answer shows in place:
// no reload, buttons disabled while sending, refusals (too many reports, an old page) shown inline. When the site asks
// for a proof of work, this script finds the nonce with Web Crypto as soon as the page loads, before any click.
(() => {
  "use strict";
  const forms = document.querySelectorAll("form.report-form[data-api]");
  if (!forms.length || !window.fetch) {
    return;
  }

  const encoder = new TextEncoder();

  function hasZeroBits(bytes, bits) {
    let i = 0;
    for (; bits >= 8; bits -= 8, i++) {
      if (bytes[i] !== 0) {
        return false;
      }
    }
    return bits === 0 || bytes[i] >> (8 - bits) === 0;
  }

  // A nonce such that SHA-256(challenge + nonce) starts with `difficulty` zero bits; hashes 256 candidates at a time.
  async function solve(challenge, difficulty) {
    if (!window.crypto || !crypto.subtle) {
      throw new Error("This browser cannot do the check the site asks for here (Web Crypto is missing). Try another browser.");
    }
    const batch = 256;
    for (let start = 0; start < 2 ** 32; start += batch) {
      const tries = [];
      for (let n = start; n < start + batch; n++) {
        tries.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge + n)));
      }
      const hashes = await Promise.all(tries);
      for (let k = 0; k < batch; k++) {
        if (hasZeroBits(new Uint8Array(hashes[k]), difficulty)) {
          return String(start + k);
        }
      }
    }
    throw new Error("No answer to the site's check was found. Reload the page and try again.");
  }

  function enhance(form) {
    const section = form.closest(".report") || form.parentElement;
    const status = section.querySelector(".report-status");
    const challenge = form.querySelector("input[name=pow-challenge]");
    const nonce = form.querySelector("input[name=pow-nonce]");
    let proof = null;

    // The page is the same for everyone: its challenge is fetched here, fresh for this visitor, then solved.
    function prove() {
      nonce.value = "";
      proof = fetch(`${form.dataset.api}/challenge`, { headers: { Accept: "application/json" } })
        .then((response) => response.json())
        .then((answer) => {
          challenge.value = answer.challenge;
          challenge.dataset.difficulty = String(answer.difficulty);
          return solve(challenge.value, answer.difficulty);
        })
        .then((found) => { nonce.value = found; });
      proof.catch(() => {}); // reported when the person sends
    }

    function show(text, kind) {
      for (const old of section.querySelectorAll("p.thanks:not(.report-status)")) {
        old.remove(); // the thank-you of an earlier, reloaded send
      }
      status.textContent = text;
      status.className = `report-status ${kind}`;
      status.hidden = false;
    }

    if (challenge && nonce) {
      prove();
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const buttons = [...form.querySelectorAll("button")];
      const category = event.submitter && event.submitter.name === "category" ? event.submitter.value : "";
      buttons.forEach((b) => { b.disabled = true; });
      form.setAttribute("aria-busy", "true");
      show(proof && !nonce.value ? "Checking your browser first — this takes a moment…" : "Sending your report…", "pending");
      let sent = false;
      try {
        if (proof) {
          try {
            await proof;
          } catch (problem) {
            show(problem.message, "error");
            return;
          }
        }
        const text = (name) => (form.elements[name] && form.elements[name].value.trim()) || null;
        const response = await fetch(form.dataset.api, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({
            category,
            note: text("note"),
            region: text("region"),
            website: text("website"),
            powChallenge: challenge ? challenge.value : null,
            powNonce: nonce ? nonce.value : null,
          }),
        });
        sent = true;
        if (response.ok) {
          const answer = await response.json();
          show(answer.outcome === "stored" ? form.dataset.thanks : form.dataset.again, "thanks");
          form.elements.note && (form.elements.note.value = "");
          const details = form.querySelector("details");
          details && details.removeAttribute("open");
        } else {
          const reason = (await response.text()).trim();
          show(reason || `Your report could not be sent (the site answered ${response.status}). Please try again.`, "error");
        }
      } catch {
        show("Your report could not be sent: the connection failed. Please try again.", "error");
      } finally {
        buttons.forEach((b) => { b.disabled = false; });
        form.removeAttribute("aria-busy");
        if (sent && challenge && nonce) {
          prove(); // a challenge counts once; work on the next one already
        }
      }
    });
  }

  forms.forEach(enhance);
})();
