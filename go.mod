module github.com/orylogin/orylogin

go 1.26.8

require (
	github.com/hack-pad/safejs v0.1.0
	github.com/ory/client-go v1.22.92
)

require golang.org/x/oauth2 v0.37.0 // indirect
