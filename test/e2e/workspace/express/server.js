const express = require('express');
const cors = require('cors');
const { allowPartners } = require('./partners');

const app = express();

// The dashboard is served from another origin and needs the session cookie.
app.use(cors({ origin: true, credentials: true }));
app.use('/partners', allowPartners);

app.get('/api/account', (req, res) => {
  res.json({ id: req.session?.userId });
});

app.listen(3000);
