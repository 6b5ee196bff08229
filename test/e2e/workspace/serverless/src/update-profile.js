const ALLOWED_ORIGIN = 'https://app.example.com';

exports.handler = async (event) => {
  const changes = JSON.parse(event.body);
  return {
    statusCode: 200,
    headers: { 'Access-Control-Allow-Origin': ALLOWED_ORIGIN, 'Content-Type': 'application/json' },
    body: JSON.stringify(changes),
  };
};
