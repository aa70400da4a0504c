// The Go interoperability check of Warrant's audit log vector; not part of the Node build.
// Run: (cd test/vectors/go && go mod tidy && go run .)
module warrant.dev/vectors/go

go 1.22

require golang.org/x/mod v0.17.0
