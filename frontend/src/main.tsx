import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./app/styles.css";
import "./lib/i18n";
import { App } from "./app/App";
import { restoreSession } from "./lib/restore-session";

// Started before React renders, in parallel with loading the first route's code.
void restoreSession();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
