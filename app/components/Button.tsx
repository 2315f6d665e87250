import { Button as AriaButton, type ButtonProps as AriaButtonProps } from "react-aria-components";

export type ButtonVariant = "primary" | "secondary" | "danger" | "quiet";

export interface ButtonProps extends Omit<AriaButtonProps, "className"> {
  variant?: ButtonVariant;
  className?: string;
}

/** The product's button: keyboard and press handling from React Aria, a busy state for forms in flight. */
export function Button({ variant = "primary", className, isPending, children, ...props }: ButtonProps) {
  return (
    <AriaButton
      {...props}
      isPending={isPending}
      className={["button", `button-${variant}`, className].filter(Boolean).join(" ")}
    >
      {(renderProps) => (
        <>
          {typeof children === "function" ? children(renderProps) : children}
          {isPending ? <span className="spinner" aria-hidden="true" /> : null}
        </>
      )}
    </AriaButton>
  );
}
