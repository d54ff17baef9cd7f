module github.com/orylogin/orylogin

go 1.26.8

require (
	github.com/ory/client-go v1.22.92
	honnef.co/go/js/dom/v2 v2.0.0-20231112215516-51f43a291193
)

require golang.org/x/oauth2 v0.37.0 // indirect
