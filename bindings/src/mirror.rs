//! `mirror_enum!`: a fieldless FFI enum that mirrors a core enum variant for variant,
//! with `From` both ways. The compiler checks that no variant is missing on either side.

/// Declares a `uniffi::Enum` with the given variants and `From` conversions to and from
/// the core enum imported as `$core` (an alias such as `CoreVisibility`).
macro_rules! mirror_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident mirrors $core:ident {
            $( $(#[$vmeta:meta])* $variant:ident ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl From<$core> for $name {
            fn from(value: $core) -> Self {
                match value {
                    $( $core::$variant => Self::$variant ),+
                }
            }
        }

        impl From<$name> for $core {
            fn from(value: $name) -> Self {
                match value {
                    $( $name::$variant => Self::$variant ),+
                }
            }
        }
    };
}

pub(crate) use mirror_enum;
