// Starts Swagger UI on the API's own OpenAPI document. Served from this server (no CDN); kept out
// of the page so that the Content-Security-Policy needs no inline script. validatorUrl: null stops
// Swagger UI from loading a badge from an outside validator.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
