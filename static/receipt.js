// A receipt link carries its code after '#', which browsers never send to a server.
// Move it into the look-up form and send it as a POST, then clear it from the address bar.
document.addEventListener("DOMContentLoaded", function () {
  var code = decodeURIComponent(window.location.hash.slice(1));
  var form = document.getElementById("receipt-form");
  if (!code || !form || !/^[A-Za-z0-9_-]{20,64}$/.test(code)) return;
  history.replaceState(null, "", window.location.pathname);
  form.querySelector("input[name=code]").value = code;
  // form.submit is shadowed by the button named "submit"; call the form's own method.
  HTMLFormElement.prototype.submit.call(form);
});
