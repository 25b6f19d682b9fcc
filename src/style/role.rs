//! What a span of text *is* ([`Role`]) and how it is emphasised ([`Inline`]), with the names a
//! config file gives the roles. Layout tags text with these; the theme decides how each looks.

/// What a span of text *is*; the theme decides how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Body,
    Heading(u8),
    InlineCode,
    CodeBlock,
    /// The mark at the end of a code row that continues on the next row.
    CodeContinuation,
    /// Code: a keyword (`fn`, `where`, `if`).
    CodeKeyword,
    /// Code: a string or character literal.
    CodeString,
    /// Code: a comment.
    CodeComment,
    /// Code: a number.
    CodeNumber,
    /// Code: a type's name (`Vec`, `Int`) or a type keyword (`int`).
    CodeType,
    /// Code: a function's name where it is defined or called.
    CodeFunction,
    /// Code: a built-in constant (`true`, `None`, `self`), an escape.
    CodeConstant,
    /// Code: an operator (`+`, `=>`, `&&`).
    CodeOperator,
    /// Code: a line a diff adds.
    CodeInserted,
    /// Code: a line a diff removes.
    CodeDeleted,
    /// The name of a code block's language, on its first row.
    CodeLanguage,
    QuoteBar,
    ListMarker,
    Link,
    /// The `[3]` after a link's text.
    LinkRef,
    Image,
    TableBorder,
    TableHeader,
    Rule,
    FootnoteRef,
    /// Post header: title.
    Title,
    /// Post header: date, author, reading time.
    Metadata,
    /// Post header: a tag or category.
    Tag,
    /// The row standing for a folded run of repeated passages.
    Fold,
    /// The label of a GitHub alert (`> [!NOTE]`): Note, Tip, Important, Warning, Caution.
    AlertLabel,
    /// `<mark>`: text the author highlighted.
    Highlight,
    /// The mark before a `<details>`'s summary: folded or open.
    DetailsMarker,
    /// Math as written (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`).
    Math,
    /// `<sup>` and `<sub>`: a terminal cannot raise or lower text, so it is set apart.
    Raised,
}

/// Inline emphasis that combines with any role (a strong word in a heading or a link).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Inline {
    pub strong: bool,
    pub emphasis: bool,
    pub strikethrough: bool,
}

impl Role {
    /// Every role a config file can colour, in the order `--print-config` lists them.
    pub const ALL: [Role; 39] = [
        Role::Title,
        Role::Metadata,
        Role::Tag,
        Role::Body,
        Role::Heading(1),
        Role::Heading(2),
        Role::Heading(3),
        Role::Heading(4),
        Role::Heading(5),
        Role::Heading(6),
        Role::InlineCode,
        Role::CodeBlock,
        Role::CodeContinuation,
        Role::CodeKeyword,
        Role::CodeString,
        Role::CodeComment,
        Role::CodeNumber,
        Role::CodeType,
        Role::CodeFunction,
        Role::CodeConstant,
        Role::CodeOperator,
        Role::CodeInserted,
        Role::CodeDeleted,
        Role::CodeLanguage,
        Role::QuoteBar,
        Role::ListMarker,
        Role::Link,
        Role::LinkRef,
        Role::Image,
        Role::TableBorder,
        Role::TableHeader,
        Role::Rule,
        Role::FootnoteRef,
        Role::Fold,
        Role::AlertLabel,
        Role::Highlight,
        Role::Raised,
        Role::Math,
        Role::DetailsMarker,
    ];

    /// The name a config file gives the role (`[colors] heading-1 = "magenta"`). The match is
    /// exhaustive so that a new role cannot be added without a name.
    pub const fn name(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Metadata => "metadata",
            Role::Tag => "tag",
            Role::Body => "body",
            Role::Heading(1) => "heading-1",
            Role::Heading(2) => "heading-2",
            Role::Heading(3) => "heading-3",
            Role::Heading(4) => "heading-4",
            Role::Heading(5) => "heading-5",
            // Markdown and HTML have only six levels.
            Role::Heading(_) => "heading-6",
            Role::InlineCode => "inline-code",
            Role::CodeBlock => "code-block",
            Role::CodeContinuation => "code-continuation",
            Role::CodeKeyword => "code-keyword",
            Role::CodeString => "code-string",
            Role::CodeComment => "code-comment",
            Role::CodeNumber => "code-number",
            Role::CodeType => "code-type",
            Role::CodeFunction => "code-function",
            Role::CodeConstant => "code-constant",
            Role::CodeOperator => "code-operator",
            Role::CodeInserted => "code-inserted",
            Role::CodeDeleted => "code-deleted",
            Role::CodeLanguage => "code-language",
            Role::QuoteBar => "quote-bar",
            Role::ListMarker => "list-marker",
            Role::Link => "link",
            Role::LinkRef => "link-ref",
            Role::Image => "image",
            Role::TableBorder => "table-border",
            Role::TableHeader => "table-header",
            Role::Rule => "rule",
            Role::FootnoteRef => "footnote-ref",
            Role::Fold => "fold",
            Role::AlertLabel => "alert-label",
            Role::Highlight => "highlight",
            Role::Raised => "raised",
            Role::Math => "math",
            Role::DetailsMarker => "details-marker",
        }
    }

    /// The role a config file names, the inverse of [`Role::name`].
    pub fn named(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }
}

/// The names of [`Role::ALL`], for the config schema and its messages.
pub const ROLE_NAMES: [&str; Role::ALL.len()] = {
    let mut names = [""; Role::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Role::ALL[i].name();
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    /// One value of every variant. The match stops compiling when a role is added, until the
    /// new role is added here too; the test below then fails until it is in [`Role::ALL`].
    fn every_variant() -> Vec<Role> {
        match Role::Body {
            Role::Body
            | Role::Heading(_)
            | Role::InlineCode
            | Role::CodeBlock
            | Role::CodeContinuation
            | Role::CodeKeyword
            | Role::CodeString
            | Role::CodeComment
            | Role::CodeNumber
            | Role::CodeType
            | Role::CodeFunction
            | Role::CodeConstant
            | Role::CodeOperator
            | Role::CodeInserted
            | Role::CodeDeleted
            | Role::CodeLanguage
            | Role::QuoteBar
            | Role::ListMarker
            | Role::Link
            | Role::LinkRef
            | Role::Image
            | Role::TableBorder
            | Role::TableHeader
            | Role::Rule
            | Role::FootnoteRef
            | Role::Title
            | Role::Metadata
            | Role::Tag
            | Role::Fold
            | Role::AlertLabel
            | Role::Highlight
            | Role::Raised
            | Role::Math
            | Role::DetailsMarker => {}
        }
        let mut roles = vec![
            Role::Body,
            Role::InlineCode,
            Role::CodeBlock,
            Role::CodeContinuation,
            Role::CodeKeyword,
            Role::CodeString,
            Role::CodeComment,
            Role::CodeNumber,
            Role::CodeType,
            Role::CodeFunction,
            Role::CodeConstant,
            Role::CodeOperator,
            Role::CodeInserted,
            Role::CodeDeleted,
            Role::CodeLanguage,
            Role::QuoteBar,
            Role::ListMarker,
            Role::Link,
            Role::LinkRef,
            Role::Image,
            Role::TableBorder,
            Role::TableHeader,
            Role::Rule,
            Role::FootnoteRef,
            Role::Title,
            Role::Metadata,
            Role::Tag,
            Role::Fold,
            Role::AlertLabel,
            Role::Highlight,
            Role::Raised,
            Role::Math,
            Role::DetailsMarker,
        ];
        roles.extend((1..=6).map(Role::Heading));
        roles
    }

    #[test]
    fn every_role_is_listed_in_all() {
        let all = every_variant();
        assert_eq!(all.len(), Role::ALL.len());
        for role in all {
            assert!(
                Role::ALL.contains(&role),
                "{role:?} is missing from Role::ALL"
            );
        }
    }

    #[test]
    fn every_role_has_its_own_name_and_the_name_gives_it_back() {
        for role in Role::ALL {
            assert_eq!(Role::named(role.name()), Some(role), "{}", role.name());
        }
        for name in ROLE_NAMES {
            assert_eq!(Role::named(name).map(Role::name), Some(name));
        }
        let mut names = ROLE_NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Role::ALL.len());
    }

    #[test]
    fn names_outside_the_list_name_no_role() {
        assert_eq!(Role::named("heading-7"), None);
        assert_eq!(Role::named("heading-x"), None);
        assert_eq!(Role::named(""), None);
    }
}
