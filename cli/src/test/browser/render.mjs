// Opens one page in Debian's headless Chromium and prints what a person would see, as JSON:
//   node render.mjs URL SCREENSHOT.png
// {"title", "h1": [...], "h2": [...], "status": text of #status or null, "links": [...hrefs], "text": first 4000 chars}
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node render.mjs URL SCREENSHOT.png');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true, // playwright gives each launch a fresh, empty profile directory of its own
  // this machine has no network but loopback: without these, Chromium keeps trying to reach Google's services
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
  const seen = await page.evaluate(() => ({
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map(e => e.innerText.trim()),
    h2: [...document.querySelectorAll('h2')].map(e => e.innerText.trim()),
    status: document.querySelector('#status')?.innerText ?? null,
    links: [...document.querySelectorAll('a')].map(a => a.getAttribute('href')),
    text: document.body.innerText.slice(0, 4000),
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ httpStatus: response ? response.status() : null, ...seen }));
} finally {
  await browser.close();
}
