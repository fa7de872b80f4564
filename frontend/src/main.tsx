import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./app/styles.css";
import "./lib/i18n";
import { App } from "./app/App";
import { registerServiceWorker } from "./lib/offline/service-worker";
import { restoreSession } from "./lib/restore-session";

// Started before React renders, in parallel with loading the first route's code.
void restoreSession();

// The app shell's cache, so that the app opens with no network (not in development: Vite serves it).
if (import.meta.env.PROD) registerServiceWorker();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
