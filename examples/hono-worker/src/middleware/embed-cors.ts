import { createMiddleware } from 'hono/factory';

// Embeds run on any site, so echo whoever asks, and send the cookie so the widget knows the customer.
export const embedCors = createMiddleware(async (c, next) => {
  const origin = c.req.header('Origin');
  if (origin) {
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Allow-Credentials', 'true');
  }
  await next();
});
