// Loopback-only stand-ins for the smoke test: a fake `requestlint serve` on 127.0.0.1:8765 (its answer is
// switched with GET /mode/<clean|findings|down|500|hang>), an SMTP sink on 127.0.0.1:2525 (GET
// 127.0.0.1:8766/ makes it reject the next message), and a log (POST /log) written as JSON lines.
// Usage: node fake-services.mjs LOGFILE   (exits by itself after 10 minutes)
import { createServer } from "node:http";
import net from "node:net";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";

const logFile = process.argv[2];
const REPORT = JSON.parse(readFileSync(new URL("../test/fixtures/report-request.json", import.meta.url), "utf8"));
const CLEAN = { kind: "request", score: 100, findings: [], pitfalls: {}, grammar: { state: "off" }, notes: [] };
let mode = "clean";
let rejectNext = 0;
const log = (entry) => appendFileSync(logFile, JSON.stringify({ t: Date.now(), ...entry }) + "\n");
writeFileSync(logFile, "");

createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    if (req.url.startsWith("/mode/")) {
      mode = req.url.slice(6);
      log({ ev: "mode", mode });
      res.end("ok");
    } else if (req.url === "/log") {
      log({ ev: "driver", ...JSON.parse(body) });
      res.end("ok");
    } else if (req.url === "/health") {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ status: "ok", version: "0.1.0", grammar: { state: "off", detail: null, server: null } }));
    } else if (req.url === "/check") {
      log({ ev: "check", mode, draft: JSON.parse(body).draft });
      if (mode === "down") return req.socket.destroy();
      if (mode === "hang") return undefined;
      if (mode === "500") {
        res.writeHead(500, { "Content-Type": "application/json" });
        return res.end('{"detail":"boom"}');
      }
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(mode === "findings" ? REPORT : CLEAN));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
}).listen(8765, "127.0.0.1");

createServer((req, res) => {
  rejectNext = 1;
  log({ ev: "smtp-reject-next" });
  res.end("ok");
}).listen(8766, "127.0.0.1");

net.createServer((socket) => {
  let buffer = "";
  let inData = false;
  let data = "";
  socket.write("220 sink ESMTP\r\n");
  socket.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let end;
    while ((end = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line !== ".") {
          data += line + "\n";
          continue;
        }
        inData = false;
        if (rejectNext > 0) {
          rejectNext -= 1;
          log({ ev: "smtp-rejected" });
          socket.write("554 rejected for the test\r\n");
        } else {
          log({ ev: "smtp-message", subject: (/^Subject: (.*)$/m.exec(data) || [])[1] });
          socket.write("250 ok\r\n");
        }
        data = "";
        continue;
      }
      const command = line.slice(0, 4).toUpperCase();
      if (command === "EHLO" || command === "HELO") socket.write("250 sink\r\n");
      else if (command === "DATA") {
        inData = true;
        socket.write("354 go\r\n");
      } else if (command === "QUIT") {
        socket.write("221 bye\r\n");
        socket.end();
      } else socket.write("250 ok\r\n");
    }
  });
  socket.on("error", () => {});
}).listen(2525, "127.0.0.1");

setTimeout(() => process.exit(0), 10 * 60 * 1000);
