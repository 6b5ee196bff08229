// Lets partner storefronts (*.shopfront.io) read stock levels from their widgets.
async function partnerCors(ctx, next) {
  const origin = ctx.get('Origin');
  if (origin.endsWith('shopfront.io')) {
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Methods', 'GET');
  }
  await next();
}

module.exports = { partnerCors };
