const { respond } = require('./lib/cors');
const { saveProfile } = require('./lib/profiles');

// PUT /profile: browsers preflight it, and serverless.yml sets no CORS for this route.
exports.handler = async (event) => {
  const changes = JSON.parse(event.body);
  const saved = await saveProfile(event.headers.Authorization, changes);
  return respond(200, saved, { 'Access-Control-Allow-Origin': process.env.FRONTEND_ORIGIN });
};
