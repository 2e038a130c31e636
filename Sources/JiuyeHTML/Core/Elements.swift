// Generated list of element functions: `div(.class("x")) { ... }`.
// Keep it to the elements pages use.

@inlinable public func htmlRoot<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("html", attributes, content: content()) }
@inlinable public func htmlRoot(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("html", attributes, content: EmptyHTML()) }
@inlinable public func head<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("head", attributes, content: content()) }
@inlinable public func head(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("head", attributes, content: EmptyHTML()) }
@inlinable public func body<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("body", attributes, content: content()) }
@inlinable public func body(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("body", attributes, content: EmptyHTML()) }
@inlinable public func titleElement<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("title", attributes, content: content()) }
@inlinable public func titleElement(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("title", attributes, content: EmptyHTML()) }
@inlinable public func header<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("header", attributes, content: content()) }
@inlinable public func header(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("header", attributes, content: EmptyHTML()) }
@inlinable public func footer<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("footer", attributes, content: content()) }
@inlinable public func footer(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("footer", attributes, content: EmptyHTML()) }
@inlinable public func mainElement<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("main", attributes, content: content()) }
@inlinable public func mainElement(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("main", attributes, content: EmptyHTML()) }
@inlinable public func nav<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("nav", attributes, content: content()) }
@inlinable public func nav(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("nav", attributes, content: EmptyHTML()) }
@inlinable public func section<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("section", attributes, content: content()) }
@inlinable public func section(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("section", attributes, content: EmptyHTML()) }
@inlinable public func article<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("article", attributes, content: content()) }
@inlinable public func article(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("article", attributes, content: EmptyHTML()) }
@inlinable public func aside<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("aside", attributes, content: content()) }
@inlinable public func aside(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("aside", attributes, content: EmptyHTML()) }
@inlinable public func div<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("div", attributes, content: content()) }
@inlinable public func div(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("div", attributes, content: EmptyHTML()) }
@inlinable public func span<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("span", attributes, content: content()) }
@inlinable public func span(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("span", attributes, content: EmptyHTML()) }
@inlinable public func p<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("p", attributes, content: content()) }
@inlinable public func p(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("p", attributes, content: EmptyHTML()) }
@inlinable public func a<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("a", attributes, content: content()) }
@inlinable public func a(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("a", attributes, content: EmptyHTML()) }
@inlinable public func h1<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("h1", attributes, content: content()) }
@inlinable public func h1(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("h1", attributes, content: EmptyHTML()) }
@inlinable public func h2<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("h2", attributes, content: content()) }
@inlinable public func h2(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("h2", attributes, content: EmptyHTML()) }
@inlinable public func h3<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("h3", attributes, content: content()) }
@inlinable public func h3(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("h3", attributes, content: EmptyHTML()) }
@inlinable public func h4<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("h4", attributes, content: content()) }
@inlinable public func h4(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("h4", attributes, content: EmptyHTML()) }
@inlinable public func ul<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("ul", attributes, content: content()) }
@inlinable public func ul(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("ul", attributes, content: EmptyHTML()) }
@inlinable public func ol<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("ol", attributes, content: content()) }
@inlinable public func ol(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("ol", attributes, content: EmptyHTML()) }
@inlinable public func li<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("li", attributes, content: content()) }
@inlinable public func li(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("li", attributes, content: EmptyHTML()) }
@inlinable public func dl<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("dl", attributes, content: content()) }
@inlinable public func dl(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("dl", attributes, content: EmptyHTML()) }
@inlinable public func dt<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("dt", attributes, content: content()) }
@inlinable public func dt(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("dt", attributes, content: EmptyHTML()) }
@inlinable public func dd<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("dd", attributes, content: content()) }
@inlinable public func dd(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("dd", attributes, content: EmptyHTML()) }
@inlinable public func table<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("table", attributes, content: content()) }
@inlinable public func table(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("table", attributes, content: EmptyHTML()) }
@inlinable public func thead<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("thead", attributes, content: content()) }
@inlinable public func thead(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("thead", attributes, content: EmptyHTML()) }
@inlinable public func tbody<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("tbody", attributes, content: content()) }
@inlinable public func tbody(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("tbody", attributes, content: EmptyHTML()) }
@inlinable public func tfoot<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("tfoot", attributes, content: content()) }
@inlinable public func tfoot(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("tfoot", attributes, content: EmptyHTML()) }
@inlinable public func tr<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("tr", attributes, content: content()) }
@inlinable public func tr(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("tr", attributes, content: EmptyHTML()) }
@inlinable public func th<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("th", attributes, content: content()) }
@inlinable public func th(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("th", attributes, content: EmptyHTML()) }
@inlinable public func td<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("td", attributes, content: content()) }
@inlinable public func td(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("td", attributes, content: EmptyHTML()) }
@inlinable public func caption<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("caption", attributes, content: content()) }
@inlinable public func caption(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("caption", attributes, content: EmptyHTML()) }
@inlinable public func form<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("form", attributes, content: content()) }
@inlinable public func form(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("form", attributes, content: EmptyHTML()) }
@inlinable public func label<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("label", attributes, content: content()) }
@inlinable public func label(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("label", attributes, content: EmptyHTML()) }
@inlinable public func button<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("button", attributes, content: content()) }
@inlinable public func button(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("button", attributes, content: EmptyHTML()) }
@inlinable public func select<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("select", attributes, content: content()) }
@inlinable public func select(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("select", attributes, content: EmptyHTML()) }
@inlinable public func option<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("option", attributes, content: content()) }
@inlinable public func option(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("option", attributes, content: EmptyHTML()) }
@inlinable public func optgroup<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("optgroup", attributes, content: content()) }
@inlinable public func optgroup(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("optgroup", attributes, content: EmptyHTML()) }
@inlinable public func textarea<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("textarea", attributes, content: content()) }
@inlinable public func textarea(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("textarea", attributes, content: EmptyHTML()) }
@inlinable public func fieldset<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("fieldset", attributes, content: content()) }
@inlinable public func fieldset(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("fieldset", attributes, content: EmptyHTML()) }
@inlinable public func legend<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("legend", attributes, content: content()) }
@inlinable public func legend(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("legend", attributes, content: EmptyHTML()) }
@inlinable public func strong<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("strong", attributes, content: content()) }
@inlinable public func strong(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("strong", attributes, content: EmptyHTML()) }
@inlinable public func em<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("em", attributes, content: content()) }
@inlinable public func em(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("em", attributes, content: EmptyHTML()) }
@inlinable public func small<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("small", attributes, content: content()) }
@inlinable public func small(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("small", attributes, content: EmptyHTML()) }
@inlinable public func code<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("code", attributes, content: content()) }
@inlinable public func code(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("code", attributes, content: EmptyHTML()) }
@inlinable public func pre<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("pre", attributes, content: content()) }
@inlinable public func pre(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("pre", attributes, content: EmptyHTML()) }
@inlinable public func details<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("details", attributes, content: content()) }
@inlinable public func details(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("details", attributes, content: EmptyHTML()) }
@inlinable public func summary<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("summary", attributes, content: content()) }
@inlinable public func summary(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("summary", attributes, content: EmptyHTML()) }
@inlinable public func script<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("script", attributes, content: content()) }
@inlinable public func script(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("script", attributes, content: EmptyHTML()) }
@inlinable public func noscript<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("noscript", attributes, content: content()) }
@inlinable public func noscript(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("noscript", attributes, content: EmptyHTML()) }
@inlinable public func output<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("output", attributes, content: content()) }
@inlinable public func output(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("output", attributes, content: EmptyHTML()) }
@inlinable public func timeElement<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("time", attributes, content: content()) }
@inlinable public func timeElement(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("time", attributes, content: EmptyHTML()) }
@inlinable public func figure<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("figure", attributes, content: content()) }
@inlinable public func figure(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("figure", attributes, content: EmptyHTML()) }
@inlinable public func figcaption<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("figcaption", attributes, content: content()) }
@inlinable public func figcaption(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("figcaption", attributes, content: EmptyHTML()) }
@inlinable public func svg<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("svg", attributes, content: content()) }
@inlinable public func svg(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("svg", attributes, content: EmptyHTML()) }
@inlinable public func svgGroup<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("g", attributes, content: content()) }
@inlinable public func svgGroup(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("g", attributes, content: EmptyHTML()) }
@inlinable public func svgText<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("text", attributes, content: content()) }
@inlinable public func svgText(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("text", attributes, content: EmptyHTML()) }
@inlinable public func svgTspan<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("tspan", attributes, content: content()) }
@inlinable public func svgTspan(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("tspan", attributes, content: EmptyHTML()) }
@inlinable public func svgPath<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("path", attributes, content: content()) }
@inlinable public func svgPath(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("path", attributes, content: EmptyHTML()) }
@inlinable public func svgCircle<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("circle", attributes, content: content()) }
@inlinable public func svgCircle(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("circle", attributes, content: EmptyHTML()) }
@inlinable public func svgRect<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("rect", attributes, content: content()) }
@inlinable public func svgRect(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("rect", attributes, content: EmptyHTML()) }
@inlinable public func svgLine<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("line", attributes, content: content()) }
@inlinable public func svgLine(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("line", attributes, content: EmptyHTML()) }
@inlinable public func svgPolyline<C: HTML>(_ attributes: Attribute..., @HTMLBuilder content: () -> C) -> Element<C> { Element("polyline", attributes, content: content()) }
@inlinable public func svgPolyline(_ attributes: Attribute...) -> Element<EmptyHTML> { Element("polyline", attributes, content: EmptyHTML()) }
@inlinable public func meta(_ attributes: Attribute...) -> VoidElement { VoidElement("meta", attributes) }
@inlinable public func link(_ attributes: Attribute...) -> VoidElement { VoidElement("link", attributes) }
@inlinable public func input(_ attributes: Attribute...) -> VoidElement { VoidElement("input", attributes) }
@inlinable public func br(_ attributes: Attribute...) -> VoidElement { VoidElement("br", attributes) }
@inlinable public func hr(_ attributes: Attribute...) -> VoidElement { VoidElement("hr", attributes) }
@inlinable public func img(_ attributes: Attribute...) -> VoidElement { VoidElement("img", attributes) }
