import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import "./styles/base.css";
import "./styles/conversation.css";
import "./styles/viewer-and-layouts.css";
import "./styles/briefing.css";
import "./styles/tools.css";
import "./styles/library.css";

const root = document.getElementById("root");
if (!root) throw new Error('The page has no <div id="root">: the app has nowhere to render (see client/index.html).');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
