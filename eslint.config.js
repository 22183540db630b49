// ESLint's flat configuration for the widget's and console's JavaScript and its tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  // loader.js is a Django template serving launcher.min.js, written from widget/launcher.js (linted).
  {
    ignores: [
      "node_modules/", "tests/axe/node_modules/", ".venv/", "var/",
      "widget/templates/widget/loader.js", "widget/templates/widget/launcher.min.js",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-console": "error",
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      curly: ["error", "multi-line"],
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      "no-param-reassign": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: "Render text with textContent." },
      ],
      "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 50, skipBlankLines: true, skipComments: true }],
      complexity: ["error", 12],
    },
  },
  {
    files: ["chatserver/static/chatserver/frames.js"],
    rules: { "max-lines": "off" },
  },
  {
    // A classic script: its two top-level names live inside the function loader.js wraps it in.
    files: ["widget/launcher.js"],
    languageOptions: { sourceType: "script" },
    rules: { "no-implicit-globals": "off" },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: { globals: globals.node },
    rules: { "max-lines-per-function": "off" }, // a describe() holds its tests
  },
];
