<?xml version="1.0" encoding="UTF-8"?>
{#- The page a browser shows for an RSS 2.0 or Atom feed of the site (named by each feed's
    xml-stylesheet instruction). Only the feed's summaries are shown, never its HTML
    content. An RSS item's title and description are HTML-escaped text (render/feeds.py):
    written out without escaping, the reader sees the text as written, never markup. -#}
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
<xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="yes"/>

<xsl:variable name="rss" select="/rss/channel"/>
<xsl:variable name="atom" select="/atom:feed"/>
<xsl:variable name="address" select="$rss/atom:link[@rel='self']/@href | $atom/atom:link[@rel='self']/@href"/>
<xsl:variable name="format">
  <xsl:choose><xsl:when test="$rss">RSS</xsl:when><xsl:otherwise>Atom</xsl:otherwise></xsl:choose>
</xsl:variable>

<xsl:template match="/">
<html lang="{$rss/language | $atom/@xml:lang}">
<head>
<meta charset="UTF-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>Feed: <xsl:value-of select="$rss/title | $atom/atom:title"/></title>
<style>
body { margin: 0; padding: 1rem; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.0625rem; line-height: 1.55; color: #1b1b1b; background: #fff; }
main { max-width: 42rem; margin: 0 auto; }
a { color: #1a3c9e; text-decoration-thickness: 1px; text-underline-offset: 0.15em; }
a:focus { outline: 3px solid #f9c642; outline-offset: 2px; }
.about { background: #eef2fb; border-left: 6px solid #303f9f; padding: 0.75rem 1rem; margin: 1rem 0 1.5rem; }
.about h2 { margin-top: 0; font-size: 1.2rem; }
.address { display: block; padding: 0.5rem; background: #fff; border: 1px solid #5c5c5c; font-family: ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; user-select: all; }
ol { list-style: none; padding: 0; }
li { border-top: 1px solid #c8c8c8; padding: 0.75rem 0; }
li h3 { margin: 0 0 0.25rem; font-size: 1.15rem; }
.date { color: #4a4a4a; margin: 0; font-size: 0.95rem; }
</style>
</head>
<body>
<main>
<p><a href="{{ site.url }}">{{ site.name }}</a></p>
<h1><xsl:value-of select="$rss/title | $atom/atom:title"/></h1>
<p><xsl:value-of select="$rss/description | $atom/atom:subtitle"/></p>
<section class="about" aria-labelledby="about-title">
<h2 id="about-title">This is a news feed (<xsl:value-of select="$format"/>)</h2>
<p>A news feed lets a feed reader app or website show you new messages as soon as they are published, without visiting this site or giving anyone your email address.</p>
<p>To subscribe, copy this page's address into your feed reader:</p>
<code class="address"><xsl:value-of select="$address"/></code>
<p>You do not need a feed reader to read these messages: they are all on the <a href="{$rss/link | $atom/atom:link[@rel='alternate']/@href}">web page this feed follows</a>.</p>
</section>
<h2>Latest messages</h2>
<xsl:choose>
<xsl:when test="$rss/item | $atom/atom:entry">
<ol>
<xsl:apply-templates select="$rss/item | $atom/atom:entry"/>
</ol>
</xsl:when>
<xsl:otherwise><p>There are no messages in this feed yet.</p></xsl:otherwise>
</xsl:choose>
</main>
</body>
</html>
</xsl:template>

<xsl:template match="item">
<li>
<h3><a href="{link}"><xsl:value-of select="title" disable-output-escaping="yes"/></a></h3>
<p class="date">Published <xsl:value-of select="pubDate"/></p>
<xsl:if test="description"><p><xsl:value-of select="description" disable-output-escaping="yes"/></p></xsl:if>
</li>
</xsl:template>

<xsl:template match="atom:entry">
<li>
<h3><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
<p class="date">Published <xsl:value-of select="substring(atom:published, 1, 10)"/>, <xsl:value-of select="substring(atom:published, 12, 5)"/></p>
<xsl:if test="atom:summary"><p><xsl:value-of select="atom:summary"/></p></xsl:if>
</li>
</xsl:template>

</xsl:stylesheet>
