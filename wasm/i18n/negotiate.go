package i18n

import "strings"

// Negotiate returns the bundle's language for the first tag that names
// one: the exact tag ("pt-BR"), else its primary language ("de-AT" → "de",
// "pt" → "pt-BR"). Empty and unknown tags are skipped; English when none
// matches. The element passes its lang attribute, then the page's.
func (b *Bundle) Negotiate(tags ...string) string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, t := range tags {
		tag := canonical(t)
		if tag == "" {
			continue
		}
		for known := range b.langs {
			if strings.EqualFold(known, tag) {
				return known
			}
		}
		primary, _, _ := strings.Cut(tag, "-")
		if _, ok := b.langs[primary]; ok {
			return primary
		}
		best := ""
		for known := range b.langs {
			if p, _, _ := strings.Cut(known, "-"); p == primary && (best == "" || known < best) {
				best = known
			}
		}
		if best != "" {
			return best
		}
	}
	return English
}

// canonical writes a BCP 47 tag the usual way: "pt_br" → "pt-BR",
// "zh-hant-tw" → "zh-Hant-TW"; "" for a tag that is not one.
func canonical(tag string) string {
	parts := strings.Split(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"), "-")
	for i, p := range parts {
		if p == "" || len(p) > 8 || !alnum(p) {
			return ""
		}
		switch {
		case i == 0:
			parts[i] = strings.ToLower(p)
		case len(p) == 2:
			parts[i] = strings.ToUpper(p)
		case len(p) == 4:
			parts[i] = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
		default:
			parts[i] = strings.ToLower(p)
		}
	}
	if len(parts[0]) < 2 || len(parts[0]) > 3 {
		return ""
	}
	return strings.Join(parts, "-")
}

func alnum(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
