// The shop's edge API on Cloudflare Workers, written with Hono. Run `npx cors-lint examples`.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { embedCors } from './middleware/embed-cors';

type Bindings = { CART: KVNamespace };

const app = new Hono<{ Bindings: Bindings }>();

// The storefront and its regional shops (shop.myshop.com, eu.myshop.com, ...), with the session cookie.
// `includes` also lets https://myshop.com.attacker.test through.
app.use(
  '/api/*',
  cors({
    origin: (origin) => (origin.includes('myshop.com') ? origin : null),
    allowMethods: ['GET', 'PUT', 'DELETE'],
    credentials: true,
  }),
);

app.get('/api/cart', async (c) => c.json(JSON.parse((await c.env.CART.get('cart')) ?? '[]')));
app.put('/api/cart', async (c) => {
  await c.env.CART.put('cart', JSON.stringify(await c.req.json()));
  return c.body(null, 204);
});

// Product reviews posted from the storefront with fetch and a JSON body: browsers preflight them, and only
// POST gets the CORS middleware here, so OPTIONS /reviews falls through to Hono's 404.
app.post('/reviews', cors({ origin: 'https://shop.myshop.com' }), async (c) => {
  const review = await c.req.json<{ productId: string; stars: number }>();
  return c.json({ saved: review.productId }, 201);
});

// The "my recent orders" widget that customers embed on their own blogs.
app.use('/embed/*', embedCors);
app.get('/embed/orders', (c) => c.json([]));

export default app;
