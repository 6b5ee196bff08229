const { gql } = require('apollo-server-express');

const typeDefs = gql`
  type Message {
    from: String!
    text: String!
  }
  type Query {
    history: [Message!]!
  }
`;

const resolvers = { Query: { history: () => [] } };

module.exports = { typeDefs, resolvers };
