// The account endpoint of the older pages API, called from partner dashboards with the session cookie.
import type { NextApiRequest, NextApiResponse } from 'next';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  // "Works for every partner": echoes whoever asks, cookies included.
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Vary', 'Origin');
  if (req.method === 'OPTIONS') {
    return res.status(204).end();
  }
  res.status(200).json({ name: 'Ada', plan: 'pro' });
}
