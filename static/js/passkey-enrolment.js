// After django-otp-webauthn registers a passkey: on to the page the enrolment names.
document.addEventListener("otp_webauthn.register_complete", () => {
  const enrolment = document.getElementById("passkey-enrolment");
  if (enrolment && enrolment.dataset.next) {
    window.location.assign(enrolment.dataset.next);
  }
});
