import { test } from "node:test";
import assert from "node:assert/strict";

import {
  bodyText,
  buildDraftText,
  decodeEntities,
  htmlToText,
  isReplyOrForward,
  subjectLine,
} from "../lib/draft.js";

test("plain-text message: Subject header, blank line, plainTextBody", () => {
  const draft = buildDraftText({
    subject: "Quick question",
    isPlainText: true,
    plainTextBody: "hey,\r\n\r\ncan i pick your brain?\r\n\r\n-- \r\nKira\r\n",
    body: "<p>ignored for plain text</p>",
  });
  assert.equal(draft, "Subject: Quick question\n\nhey,\n\ncan i pick your brain?\n\n-- \nKira");
});

test("an empty or missing subject still writes the Subject header (so it reads as an empty subject)", () => {
  assert.equal(buildDraftText({ isPlainText: true, plainTextBody: "To: you\nHello" }), "Subject: \n\nTo: you\nHello");
  assert.equal(buildDraftText({ subject: "   ", isPlainText: true, plainTextBody: "Hi" }), "Subject: \n\nHi");
});

test("a subject with line breaks is folded onto one line", () => {
  assert.equal(subjectLine({ subject: "Cornell student\r\n  asking about policy\nwork" }),
    "Cornell student asking about policy work");
});

test("HTML message: paragraphs, <br>, entities and the signature become plain text", () => {
  const body =
    '<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8">' +
    "<style>p { margin: 0 }</style><title>x</title></head><body>" +
    "<p>Dear Ms.&nbsp;Gable,</p>\n<p>I am a junior at Cornell studying applied&#32;economics &amp; policy. " +
    "Would you be willing to speak with me for\n   20 minutes?</p>" +
    '<p>Best regards,<br>Kira</p><div class="moz-signature">-- <br>Kira Jones<br>Cornell &#x2019;26</div>' +
    "</body></html>";
  const draft = buildDraftText({ subject: "Cornell student: 20 minutes?", isPlainText: false, body });
  assert.equal(
    draft,
    "Subject: Cornell student: 20 minutes?\n\n" +
      "Dear Ms. Gable,\n\n" +
      "I am a junior at Cornell studying applied economics & policy. Would you be willing to speak with me for 20 minutes?\n\n" +
      "Best regards,\nKira\n\n" +
      "-- \nKira Jones\nCornell \u201926",
  );
});

test("HTML with <br> line breaks (Thunderbird's default body mode) keeps blank lines", () => {
  assert.equal(htmlToText("Hey,<br><br>can i pick your brain??<br><br>Thanks<br>"), "Hey,\n\ncan i pick your brain??\n\nThanks");
});

test("a quoted reply (<blockquote type=cite>) becomes '>' lines so requestlint treats it as quoted", () => {
  const html =
    "<p>Thank you for your reply.</p>" +
    '<div class="moz-cite-prefix">On 3/4/25 Ann Gable wrote:<br></div>' +
    '<blockquote type="cite"><p>Happy to talk.</p><blockquote><p>first</p></blockquote></blockquote>';
  assert.equal(
    htmlToText(html),
    "Thank you for your reply.\n\nOn 3/4/25 Ann Gable wrote:\n\n> Happy to talk.\n>\n>> first",
  );
});

test("lists, <pre>, scripts, comments and images", () => {
  const html =
    "<p>Topics:</p><ul><li>career path</li><li>skills</li></ul><ol><li>one</li><li>two</li></ol>" +
    "<script>alert('x')</script><!-- a comment --><pre>  keep   spacing\n  here</pre>" +
    '<p><img src="x.png" alt="logo"> a &lt;b&gt; c</p>';
  assert.equal(
    htmlToText(html),
    "Topics:\n\n- career path\n- skills\n1. one\n2. two\n\n  keep   spacing\n  here\n\nlogo a <b> c",
  );
});

test("entities: named, decimal, hex, unknown and invalid", () => {
  assert.equal(decodeEntities("&amp;&lt;&gt;&quot;&#39;&#x41;&hellip;&unknown;&#0;"), "&<>\"'A\u2026&unknown;\ufffd");
});

test("HTML message without body falls back to plainTextBody, and plain text without plainTextBody to body", () => {
  assert.equal(bodyText({ isPlainText: false, plainTextBody: "plain" }), "plain");
  assert.equal(bodyText({ isPlainText: true, body: "<p>from <b>html</b></p>" }), "from html");
  assert.equal(bodyText({}), "");
});

test("isPlainText unknown: plainTextBody is preferred", () => {
  assert.equal(bodyText({ body: "<p>html</p>", plainTextBody: "plain" }), "plain");
});

test("replies and forwards are recognised by compose type and by subject", () => {
  assert.equal(isReplyOrForward({ type: "reply", subject: "Coffee" }), true);
  assert.equal(isReplyOrForward({ type: "forward", subject: "x" }), true);
  assert.equal(isReplyOrForward({ type: "new", subject: "Re: your talk" }), true);
  assert.equal(isReplyOrForward({ type: "new", subject: "Fwd: intro" }), true);
  assert.equal(isReplyOrForward({ type: "new", subject: "AW: Anfrage" }), true);
  assert.equal(isReplyOrForward({ type: "new", subject: "Reaching out about policy work" }), false);
  assert.equal(isReplyOrForward({ type: "draft", subject: "Request: 20 minutes" }), false);
});
