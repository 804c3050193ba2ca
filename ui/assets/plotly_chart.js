// One chart of the app, drawn by the plotly.js that the installed Plotly package ships, served by
// the app's own server (never another origin), and updated in place with Plotly.react.
//
// Why: Streamlit's own chart element is a new element whenever its figure changes, so every
// budget step removed the chart and drew it again from scratch. This component keeps its node
// across reruns and across a language switch (its key is its identity) and hands each new figure
// to Plotly.react, which changes only what changed.
//
// Everything written into the page is set as text or as an attribute; nothing is parsed as HTML
// here (Plotly itself renders labels as SVG text, and the app escapes user text before it).

const LOADING = "__overduePlotlyLoading";

/** plotly.js, loaded once per page from the app's own server. */
function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window[LOADING]) {
    window[LOADING] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("plotly.js did not start")));
      script.onerror = () => {
        window[LOADING] = null; // the next chart tries again
        script.remove();
        reject(new Error("plotly.js could not be loaded"));
      };
      document.head.appendChild(script);
    });
  }
  return window[LOADING];
}

/** The page's theme (Streamlit's CSS variables) on the figure: its font, its text colour, no background. */
function themed(layout, host) {
  const css = getComputedStyle(host);
  const read = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  const text = read("--st-text-color", "#31333F");
  const grid = read("--st-border-color-light", "rgba(49,51,63,0.1)");
  const axis = (own) => ({ gridcolor: grid, zerolinecolor: grid, linecolor: grid, automargin: true, ...own });
  const out = {
    ...layout,
    autosize: true,
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: read("--st-font", "sans-serif"), color: text, ...(layout.font || {}) },
    hoverlabel: { font: { family: read("--st-font", "sans-serif") }, ...(layout.hoverlabel || {}) },
  };
  for (const name of ["xaxis", "yaxis"]) out[name] = axis(layout[name] || {});
  const colours = read("--st-chart-categorical-colors", "");
  if (colours && !layout.colorway) out.colorway = colours.split(",").map((c) => c.trim());
  return out;
}

export default function ({ data, parentElement }) {
  if (!data || typeof data.figure !== "string") return undefined;
  let box = parentElement.querySelector(":scope > .overdue-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "overdue-chart";
    box.setAttribute("role", "figure");
    const plot = document.createElement("div");
    plot.className = "overdue-chart-plot";
    box.appendChild(plot);
    parentElement.appendChild(box);
  }
  const plot = box.querySelector(".overdue-chart-plot");
  box.setAttribute("aria-label", data.title || "");
  if (box.__overdueFigure === data.figure) return undefined; // the same figure is already drawn
  box.__overdueFigure = data.figure;
  const figure = JSON.parse(data.figure);
  const seq = (box.__overdueSeq = (box.__overdueSeq || 0) + 1);
  loadPlotly(data.src)
    .then((Plotly) => {
      if (seq !== box.__overdueSeq) return undefined; // a newer figure arrived while loading
      const note = box.querySelector(".overdue-chart-note");
      if (note) note.remove();
      return Plotly.react(plot, figure.data, themed(figure.layout, box), { displayModeBar: false, responsive: true });
    })
    .then(() => {
      if (seq === box.__overdueSeq) box.dataset.drawn = String(seq);
    })
    .catch(() => {
      box.__overdueFigure = null; // drawn again at the next rerun
      if (box.querySelector(".overdue-chart-note")) return;
      const note = document.createElement("p");
      note.className = "overdue-chart-note";
      note.textContent = data.unavailable || "";
      box.appendChild(note);
    });
  // Purged only when the chart has left the page (a page switch), never on an update.
  return () => {
    if (!box.isConnected && window.Plotly) window.Plotly.purge(plot);
  };
}
