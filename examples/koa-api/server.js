// A small Koa storefront API with the CORS mistakes cors-lint exists to catch. Run `npx cors-lint examples`.
const Koa = require('koa');
const Router = require('@koa/router');
const mount = require('koa-mount');
const bodyParser = require('koa-bodyparser');
const cors = require('@koa/cors');
const { partnerCors } = require('./middleware/partner-cors');
const catalogue = require('./routes/catalogue');

const app = new Koa();
app.use(bodyParser());

// Public catalogue: anyone may read it, no cookies involved.
app.use(mount('/catalogue', cors()));
app.use(catalogue.routes());

// Partner widgets read stock levels.
app.use(mount('/partners', partnerCors));

// The account API our web app calls with the session cookie.
const account = new Router({ prefix: '/api/account' });

// "Credentials for the web app": with no origin, @koa/cors 5 sends back whatever Origin asks.
// And router.use middleware never sees a bare OPTIONS, so the PUT below fails its preflight.
account.use(cors({ credentials: true, allowMethods: ['GET', 'PUT'] }));

account.get('/', async (ctx) => {
  ctx.body = await ctx.db.accounts.get(ctx.session.userId);
});

account.put('/', async (ctx) => {
  await ctx.db.accounts.update(ctx.session.userId, ctx.request.body);
  ctx.status = 204;
});

app.use(account.routes());
app.use(account.allowedMethods());

app.listen(process.env.PORT || 3000);
