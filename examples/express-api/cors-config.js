// CORS settings for the browser app on example.com and its subdomains.
const corsOptions = {
  origin(origin, callback) {
    // Same-origin requests and curl have no Origin header.
    if (!origin || origin.endsWith('example.com')) {
      callback(null, true);
    } else {
      callback(new Error(`Origin ${origin} is not allowed`));
    }
  },
  credentials: true,
  methods: ['GET', 'PUT'],
};

module.exports = { corsOptions };
