// Reading a document in the browser (templates/werkgroepen/documents/preview.html).
//
// PDF.js (the pinned npm package pdfjs-dist, served as static files under
// /static/pdfjs/) draws one page at a time into a canvas. Everything comes from our
// own origin and nothing is evaluated as code, so it runs under the site's
// Content-Security-Policy (script-src 'self', no 'unsafe-eval'): the library is
// imported from its static URL, its worker is a static file, and isEvalSupported is
// off. The page's texts come from the template (translated there).

const MIN_ZOOM = 0.5;
const MAX_ZOOM = 4;
const ZOOM_STEP = 1.25;

const viewer = document.getElementById("pdf-viewer");
if (viewer) {
  start(viewer);
}

async function start(viewer) {
  const status = viewer.querySelector("[data-status]");
  const canvas = viewer.querySelector("[data-canvas]");
  const pageBox = viewer.querySelector("[data-page]");
  const buttons = {};
  viewer.querySelectorAll("[data-action]").forEach((button) => {
    buttons[button.dataset.action] = button;
  });
  const state = { pdf: null, number: 1, zoom: 1, task: null };

  const fail = (error) => {
    console.error(error);
    status.textContent = viewer.dataset.errorText;
    pageBox.hidden = true;
    Object.values(buttons).forEach((button) => {
      button.disabled = true;
    });
  };

  viewer.hidden = false;
  status.textContent = viewer.dataset.loadingText;
  try {
    const pdfjs = await import(viewer.dataset.pdfjs);
    pdfjs.GlobalWorkerOptions.workerSrc = viewer.dataset.worker;
    state.pdf = await pdfjs.getDocument({
      url: viewer.dataset.pdf,
      isEvalSupported: false,
      enableXfa: false,
    }).promise;
  } catch (error) {
    fail(error);
    return;
  }

  const pageText = () =>
    viewer.dataset.pageText
      .replace("{page}", state.number)
      .replace("{pages}", state.pdf.numPages);

  const render = async () => {
    const page = await state.pdf.getPage(state.number);
    const natural = page.getViewport({ scale: 1 });
    // Zoom 1 fits the page to the width of the box (a phone's screen, too).
    const fit = Math.max(pageBox.clientWidth - 2, 100) / natural.width;
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: fit * state.zoom * ratio });
    if (state.task) {
      state.task.cancel();
    }
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    // CSSOM properties, not a style attribute: allowed by style-src 'self'.
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    state.task = page.render({ canvasContext: canvas.getContext("2d"), viewport });
    try {
      await state.task.promise;
    } catch (error) {
      if (error && error.name === "RenderingCancelledException") {
        return;
      }
      throw error;
    }
    const text = pageText();
    status.textContent = `${text} · ${Math.round(state.zoom * 100)} %`;
    canvas.setAttribute("aria-label", text);
    buttons.previous.disabled = state.number <= 1;
    buttons.next.disabled = state.number >= state.pdf.numPages;
    buttons["zoom-out"].disabled = state.zoom <= MIN_ZOOM;
    buttons["zoom-in"].disabled = state.zoom >= MAX_ZOOM;
  };

  const show = (change) => {
    change();
    render().catch(fail);
  };
  const go = (step) =>
    show(() => {
      state.number = Math.min(Math.max(state.number + step, 1), state.pdf.numPages);
      pageBox.scrollTop = 0;
    });
  const zoom = (factor) =>
    show(() => {
      state.zoom = Math.min(Math.max(state.zoom * factor, MIN_ZOOM), MAX_ZOOM);
    });

  buttons.previous.addEventListener("click", () => go(-1));
  buttons.next.addEventListener("click", () => go(1));
  buttons["zoom-out"].addEventListener("click", () => zoom(1 / ZOOM_STEP));
  buttons["zoom-in"].addEventListener("click", () => zoom(ZOOM_STEP));
  // On the page itself: the left and right arrows turn pages (unless the enlarged
  // page scrolls sideways: then they scroll), + and - zoom.
  pageBox.addEventListener("keydown", (event) => {
    const turns = pageBox.scrollWidth <= pageBox.clientWidth;
    const keys = {
      ArrowLeft: turns ? () => go(-1) : null,
      ArrowRight: turns ? () => go(1) : null,
      "+": () => zoom(ZOOM_STEP),
      "-": () => zoom(1 / ZOOM_STEP),
    };
    const action = keys[event.key];
    if (action && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      action();
    }
  });
  let resized = null;
  window.addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(() => render().catch(fail), 200);
  });
  render().catch(fail);
}
