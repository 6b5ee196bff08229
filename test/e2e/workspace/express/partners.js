const PARTNER_ORIGINS = ['https://shop.partner-a.com', 'https://partner-b.example.net'];

function allowPartners(req, res, next) {
  const origin = req.get('Origin');
  if (PARTNER_ORIGINS.includes(origin)) {
    res.set('Access-Control-Allow-Origin', origin);
  }
  next();
}

module.exports = { allowPartners };
