// Signs in by sending the credential once, in the Authorization header, to /admin/console/session: the relay
// checks it like any admin call (throttled, audited) and answers with an HttpOnly session cookie. The credential
// is not kept anywhere in the browser.
const error = document.getElementById('error');

async function signIn(authorization) {
  error.textContent = '';
  const answer = await fetch('/admin/console/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {'Authorization': authorization, 'X-Modelgate-Console': '1'},
  });
  if (answer.ok) {
    window.location.assign('/console/');
    return;
  }
  let message = `Sign-in refused (${answer.status}).`;
  try {
    message = (await answer.json()).error.message || message;
  } catch (e) {
    // not JSON: keep the status
  }
  error.textContent = message;
}

function basic(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return 'Basic ' + btoa(String.fromCharCode(...bytes));
}

document.getElementById('password-form').addEventListener('submit', event => {
  event.preventDefault();
  const password = document.getElementById('password');
  signIn(basic(document.getElementById('user').value, password.value));
  password.value = '';
});

document.getElementById('token-form').addEventListener('submit', event => {
  event.preventDefault();
  const token = document.getElementById('token');
  signIn('Bearer ' + token.value.trim());
  token.value = '';
});
