// Kept out of docs.html so the page runs under a CSP without 'unsafe-inline' scripts.
if (window.SwaggerUIBundle) {
  window.ui = window.SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
}
