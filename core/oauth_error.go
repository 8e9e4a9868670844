package core

import (
	_ "embed"
	"net/http"
	"regexp"
	"strings"
)

// GET /error: 1.7.5's error page (api/routes/error.mjs), where OAuth
// callbacks send their errors. oauth_error.html is the page 1.7.5 renders
// without customizeDefaultErrorPage, with XXCODEXX for the code and
// XXDESCXX for the description.

//go:embed oauth_error.html
var errorPageTemplate string

func init() {
	addRoutes(map[string]route{"GET /error": {nil, (*call).serveErrorPage}})
}

// rawResponse is an answer that is not JSON.
type rawResponse struct {
	status      int
	contentType string
	body        []byte
}

func (r *rawResponse) Error() string { return http.StatusText(r.status) }

var safeErrorCode = regexp.MustCompile(`^['A-Za-z0-9_-]+$`)

// sanitizeHTML is error.mjs's sanitize.
var (
	htmlEntity  = regexp.MustCompile(`^(amp;|lt;|gt;|quot;|#39;|#x[0-9a-fA-F]+;|#[0-9]+;)`)
	htmlReplace = strings.NewReplacer("<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")
)

func sanitizeHTML(s string) string {
	s = htmlReplace.Replace(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '&' && !htmlEntity.MatchString(s[i+1:]) {
			b.WriteString("&amp;")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (c *call) serveErrorPage() ([]byte, error) {
	q := c.r.URL.Query()
	code := q.Get("error")
	if code == "" || !safeErrorCode.MatchString(code) {
		code = "UNKNOWN"
	}
	desc := q.Get("error_description")
	if c.rt.production {
		p := []Param{{Key: "error", Value: code}}
		if desc != "" {
			p = append(p, Param{Key: "error_description", Value: desc})
		}
		return nil, &redirectError{url: "/?" + strings.TrimPrefix(appendQueryParams("", p), "?"), raw: true}
	}
	shown := sanitizeHTML(desc)
	if desc == "" {
		shown = "We encountered an unexpected error. Please try again or return to the home page. If you're a developer, you can find <a href='https://better-auth.com/docs/reference/errors/" +
			encodeURIComponent(code) + "' target='_blank' rel=\"noopener noreferrer\" style='color: var(--foreground); text-decoration: underline;'>more information about the error</a>."
	}
	page := strings.Replace(errorPageTemplate, "XXDESCXX", shown, 1)
	page = strings.Replace(page, "errors/XXCODEXX?askai=What%20does%20the%20error%20code%20XXCODEXX%20mean%3F",
		"errors/"+encodeURIComponent(code)+"?askai="+encodeURIComponent("What does the error code "+code+" mean?"), 1)
	page = strings.Replace(page, "XXCODEXX", sanitizeHTML(code), 1)
	return nil, &rawResponse{status: 200, contentType: "text/html", body: []byte(page)}
}
