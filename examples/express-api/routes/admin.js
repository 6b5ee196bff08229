// Admin endpoints behind the dashboard login.
const express = require('express');

const router = express.Router();

router.get('/orders', async (req, res) => {
  res.json(await req.app.locals.db.orders.recent(50));
});

router.delete('/orders/:id', async (req, res) => {
  await req.app.locals.db.orders.cancel(req.params.id);
  res.sendStatus(204);
});

module.exports = router;
