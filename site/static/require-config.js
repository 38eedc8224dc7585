// Loaded before require.js: a global `require` object is read by require.js as its configuration.
// The vendored widget manager (embed-amd.js) asks require.js for its icon fonts below
// `@jupyter-widgets/html-manager/dist/`; resolving them from this _static folder keeps every page
// working with no network.
var require = {
  baseUrl: (document.currentScript && document.currentScript.src || "").replace(/require-config\.js(\?.*)?$/, ""),
};
