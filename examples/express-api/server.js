// A small shop API with the CORS mistakes cors-lint exists to catch. Run `npx cors-lint examples`.
const express = require('express');
const cors = require('cors');
const { corsOptions } = require('./cors-config');
const { allowPartnerOrigins } = require('./middleware/partner-cors');
const adminRouter = require('./routes/admin');

const app = express();
app.use(express.json());

// Public catalogue: anyone may read it, no cookies involved.
app.get('/api/products', cors(), async (req, res) => {
  res.json(await req.app.locals.db.products.list());
});

// The account API used by our web app, with the session cookie.
app.get('/api/account', cors(corsOptions), async (req, res) => {
  res.json(await req.app.locals.db.accounts.get(req.session.userId));
});

// Browsers preflight this PUT (JSON body, non-simple method), and nothing answers OPTIONS /api/account.
app.put('/api/account', cors(corsOptions), async (req, res) => {
  await req.app.locals.db.accounts.update(req.session.userId, req.body);
  res.sendStatus(204);
});

// Partner widgets read the stock feed.
app.use('/partners', allowPartnerOrigins);
app.get('/partners/stock', (req, res) => res.json({ inStock: 42 }));

// The internal dashboard, "just for our tools".
app.use('/admin', cors({ origin: true, credentials: true }), adminRouter);

app.listen(process.env.PORT || 3000);
