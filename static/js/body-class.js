// Loaded synchronously at the top of <body>: GOV.UK Frontend styles and starts its
// components only when this class is present (kept out of inline script for the CSP).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
