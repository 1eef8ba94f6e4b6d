/* Front-desk intake: small enhancements; every page works without them.
   - the error summary takes the focus, so a screen reader reads it first;
   - the service list follows what is typed in its search box;
   - files can be dropped onto the page, and chosen files are listed;
   - the receipt's print button. */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  function liveSearch(form) {
    var input = form.querySelector("input[type=search]");
    var target = document.getElementById(form.getAttribute("data-live-search"));
    var status = document.getElementById("service-search-status");
    var timer = null;
    var controller = null;
    if (!input || !target || !window.fetch || !window.DOMParser) {
      return;
    }
    function update() {
      var params = new URLSearchParams(new FormData(form));
      var url = form.action.split("?")[0] + "?" + params.toString();
      if (controller && window.AbortController) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url, {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById(target.id);
          if (!fresh) {
            return;
          }
          target.innerHTML = fresh.innerHTML;
          var count = target.querySelector(".result-count");
          if (status && count) {
            status.textContent = count.textContent;
          }
          if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", url);
          }
        })
        .catch(function () { /* the button still searches */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 200);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-live-search]"), liveSearch);

  function listFiles(list, input) {
    list.innerHTML = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " KB)";
      list.appendChild(item);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-file-list]"), function (list) {
    var input = document.getElementById(list.getAttribute("data-file-list"));
    if (input) {
      input.addEventListener("change", function () { listFiles(list, input); });
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-drop-zone]"), function (zone) {
    var input = document.getElementById(zone.getAttribute("data-drop-zone"));
    if (!input || typeof window.DataTransfer !== "function") {
      return;
    }
    zone.hidden = false;
    function over(event) {
      event.preventDefault();
      zone.classList.add("is-over");
    }
    function leave(event) {
      event.preventDefault();
      zone.classList.remove("is-over");
    }
    zone.addEventListener("dragenter", over);
    zone.addEventListener("dragover", over);
    zone.addEventListener("dragleave", leave);
    zone.addEventListener("drop", function (event) {
      leave(event);
      var all = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (file) { all.items.add(file); });
      Array.prototype.forEach.call(event.dataTransfer.files, function (file) { all.items.add(file); });
      input.files = all.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
