"CI gates: each module checks one thing about the repository and exits 1 with one line per problem"
