// Building the text that requestlint checks from Thunderbird's ComposeDetails.
//
// Plain ES module with no browser globals: imported by background.js inside Thunderbird and by the Node
// tests. The server reads "Subject: ...", a blank line, then the body (see requestlint's README, "Input").

const SKIPPED_ELEMENTS = new Set(["head", "style", "script", "title", "template", "noscript", "object"]);

// Elements that start and end a line of their own.
const LINE_ELEMENTS = new Set([
  "address", "article", "aside", "center", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
  "footer", "form", "header", "li", "main", "nav", "ol", "section", "summary", "table", "tbody", "thead",
  "tfoot", "tr", "ul", "details", "caption", "body", "html",
]);

// Elements that are separated from their neighbours by a blank line.
const PARAGRAPH_ELEMENTS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"]);

const NAMED_ENTITIES = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ensp: "\u2002", emsp: "\u2003",
  thinsp: "\u2009", ndash: "\u2013", mdash: "\u2014", hellip: "\u2026", lsquo: "\u2018", rsquo: "\u2019",
  sbquo: "\u201a", ldquo: "\u201c", rdquo: "\u201d", bdquo: "\u201e", laquo: "\u00ab", raquo: "\u00bb",
  bull: "\u2022", middot: "\u00b7", copy: "\u00a9", reg: "\u00ae", trade: "\u2122", shy: "", zwnj: "\u200c",
  zwj: "\u200d", euro: "\u20ac", pound: "\u00a3", yen: "\u00a5", cent: "\u00a2", deg: "\u00b0", times: "\u00d7",
  eacute: "\u00e9", egrave: "\u00e8", aacute: "\u00e1", agrave: "\u00e0", uuml: "\u00fc", ouml: "\u00f6",
  auml: "\u00e4", ccedil: "\u00e7", ntilde: "\u00f1", szlig: "\u00df",
};

/** Decode HTML character references (named ones from a common subset, all numeric ones). */
export function decodeEntities(text) {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);?/g, (whole, ref) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        return "\ufffd";
      }
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[ref.toLowerCase()] ?? NAMED_ENTITIES[ref];
    return named === undefined ? whole : named;
  });
}

/**
 * Convert an HTML message body to plain text, simply: no layout engine, just what a reader of the
 * text/plain alternative would see. Paragraphs become blank-line separated, <br> a line break, list items
 * "- " lines, and <blockquote> (Thunderbird's quoted reply) "> " lines, so requestlint treats quoted text
 * as quoted. Scripts, styles and the <head> are dropped; whitespace collapses as in HTML except in <pre>.
 */
export function htmlToText(html) {
  if (typeof html !== "string" || html === "") {
    return "";
  }
  const lines = []; // finished lines: {depth, text}
  let current = ""; // the line being built
  let depth = 0; // blockquote nesting
  let pre = 0; // <pre> nesting
  let skipping = null; // name of the element whose content is being skipped
  const lists = []; // stack of {ordered, counter}

  const flush = () => {
    let text = pre ? current.replace(/\s+$/, "") : current.trim();
    if (text === "--") {
      text = "-- "; // keep the conventional signature delimiter intact
    }
    lines.push({ depth, text });
    current = "";
  };
  const newline = () => {
    if (current.trim() !== "" || (pre && current !== "")) {
      flush();
    }
  };
  const blankLine = () => {
    newline();
    const last = lines[lines.length - 1];
    if (last && !(last.text === "" && last.depth === depth)) {
      lines.push({ depth, text: "" });
    }
  };

  const token = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)|</g;
  let match;
  while ((match = token.exec(html)) !== null) {
    const [whole, closing, rawName, attrs, text] = match;
    if (skipping !== null) {
      if (rawName && closing && rawName.toLowerCase() === skipping) {
        skipping = null;
      }
      continue;
    }
    if (text !== undefined || whole === "<") {
      let value = decodeEntities(text ?? whole);
      if (!pre) {
        value = value.replace(/[ \t\r\n\f]+/g, " ");
        if (current === "" || current.endsWith(" ")) {
          value = value.replace(/^ /, "");
        }
      } else {
        value = value.replace(/\r\n?/g, "\n");
        const parts = value.split("\n");
        for (let i = 0; i < parts.length - 1; i++) {
          current += parts[i];
          flush();
        }
        value = parts[parts.length - 1];
      }
      current += value.replace(/\u00a0/g, " ");
      continue;
    }
    if (!rawName) {
      continue; // comments, doctype, processing instructions
    }
    const name = rawName.toLowerCase();
    const selfClosing = /\/\s*$/.test(attrs ?? "");
    if (!closing && SKIPPED_ELEMENTS.has(name) && !selfClosing) {
      skipping = name;
      continue;
    }
    if (name === "br") {
      if (current === "" && !pre) {
        lines.push({ depth, text: "" });
      } else {
        flush();
      }
      continue;
    }
    if (name === "blockquote") {
      blankLine();
      depth = closing ? Math.max(0, depth - 1) : depth + 1;
      continue;
    }
    if (name === "ul" || name === "ol") {
      newline();
      if (closing) {
        lists.pop();
      } else {
        lists.push({ ordered: name === "ol", counter: 0 });
      }
      continue;
    }
    if (name === "li") {
      newline();
      if (!closing) {
        const list = lists[lists.length - 1];
        if (list?.ordered) {
          list.counter += 1;
          current = `${list.counter}. `;
        } else {
          current = "- ";
        }
      }
      continue;
    }
    if (name === "td" || name === "th") {
      if (closing && current !== "" && !current.endsWith(" ")) {
        current += " ";
      }
      continue;
    }
    if (name === "img" && !closing) {
      const alt = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs ?? "");
      const altText = alt ? decodeEntities(alt[1] ?? alt[2] ?? alt[3] ?? "").trim() : "";
      if (altText) {
        current += (current === "" || current.endsWith(" ") ? "" : " ") + altText;
      }
      continue;
    }
    if (PARAGRAPH_ELEMENTS.has(name)) {
      blankLine();
      if (name === "pre") {
        pre = closing ? Math.max(0, pre - 1) : pre + 1;
      }
      continue;
    }
    if (LINE_ELEMENTS.has(name)) {
      newline();
    }
  }
  newline();

  // A blank line belongs to the shallower of the quote levels around it, so a quote block does not start
  // or end with an empty ">" line.
  const depths = lines.map((line) => line.depth);
  let previous = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].text !== "") {
      previous = lines[i].depth;
    } else {
      depths[i] = previous;
    }
  }
  let next = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].text !== "") {
      next = lines[i].depth;
    } else {
      depths[i] = Math.min(depths[i], next);
    }
  }

  const out = [];
  const blanks = [];
  lines.forEach((line, i) => {
    const level = depths[i];
    const prefix = level > 0 ? ">".repeat(level) + (line.text === "" ? "" : " ") : "";
    const rendered = prefix + line.text;
    const blank = line.text === "";
    if (blank && (out.length === 0 || out[out.length - 1] === rendered)) {
      return; // no leading blank lines, no runs of blank lines
    }
    out.push(rendered);
    blanks.push(blank);
  });
  while (blanks.length > 0 && blanks[blanks.length - 1]) {
    out.pop();
    blanks.pop();
  }
  return out.join("\n");
}

function normalizeNewlines(text) {
  return text.replace(/\r\n?/g, "\n");
}

/**
 * The body of the message as plain text: details.plainTextBody for a plain-text message, the HTML body
 * converted with htmlToText otherwise. Falls back to whichever of the two is present.
 */
export function bodyText(details) {
  const plain = typeof details?.plainTextBody === "string" ? details.plainTextBody : null;
  const html = typeof details?.body === "string" ? details.body : null;
  let text;
  if (details?.isPlainText === true) {
    text = plain ?? (html !== null ? htmlToText(html) : "");
  } else if (details?.isPlainText === false) {
    text = html !== null ? htmlToText(html) : (plain ?? "");
  } else {
    text = plain ?? (html !== null ? htmlToText(html) : "");
  }
  return normalizeNewlines(text).replace(/\s+$/, "");
}

/** The subject on one line (a header value cannot contain line breaks). */
export function subjectLine(details) {
  const subject = typeof details?.subject === "string" ? details.subject : "";
  return subject.replace(/[\r\n]+[ \t]*/g, " ").trim();
}

/**
 * The draft as requestlint reads it: "Subject: <subject>", a blank line, the body. The Subject header is
 * always written, even when empty, so that the first body line is never mistaken for a header and an empty
 * subject is reported as missing.
 */
export function buildDraftText(details) {
  return `Subject: ${subjectLine(details)}\n\n${bodyText(details)}`;
}

const REPLY_SUBJECT = /^\s*(re|fwd?|aw|sv|wg)\s*(\[\d+\])?\s*:/i;

/**
 * Whether the message is a reply or a forward, which requestlint's send gate passes unchecked (its
 * sendmail gate does the same for In-Reply-To/References headers and Re:/Fwd: subjects).
 */
export function isReplyOrForward(details) {
  const type = details?.type;
  if (type === "reply" || type === "forward" || type === "redirect") {
    return true;
  }
  return REPLY_SUBJECT.test(typeof details?.subject === "string" ? details.subject : "");
}
