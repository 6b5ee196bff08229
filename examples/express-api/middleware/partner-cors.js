// Partners are configured per deployment: PARTNER_ORIGINS=https://shop.partner-a.com,https://b.example.net
const PARTNER_ORIGINS = (process.env.PARTNER_ORIGINS || '').split(',').map((o) => o.trim());

function allowPartnerOrigins(req, res, next) {
  const origin = req.get('Origin');
  if (origin && PARTNER_ORIGINS.includes(origin)) {
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Methods', 'GET');
  }
  next();
}

module.exports = { allowPartnerOrigins };
