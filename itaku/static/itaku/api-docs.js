"use strict";
// The interactive API documentation at /api/docs/ (Swagger UI). Its settings come from the data
// attributes of #swagger-ui, so the page needs no inline script.
(function () {
  const element = document.getElementById("swagger-ui");
  if (!element || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  const csrfHeader = element.dataset.csrfHeader;
  const csrfToken = element.dataset.csrfToken;
  window.ui = SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: function (request) {
      // Session requests that change something carry the CSRF token, as the site's own forms do.
      if (!["GET", undefined].includes(request.method) && request.credentials === "same-origin") {
        request.headers[csrfHeader] = csrfToken;
      }
      return request;
    },
  });
})();
