const Router = require('@koa/router');

const router = new Router({ prefix: '/catalogue' });

router.get('/products', async (ctx) => {
  ctx.body = await ctx.db.products.list();
});

module.exports = router;
