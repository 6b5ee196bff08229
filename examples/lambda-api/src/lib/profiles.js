// Profile storage (stubbed for the example).
async function getProfile(token) {
  return { token: Boolean(token), name: 'Ada' };
}

async function saveProfile(token, changes) {
  return { ...(await getProfile(token)), ...changes };
}

module.exports = { getProfile, saveProfile };
