import type { ReactNode } from "react";
import {
  Checkbox as AriaCheckbox,
  ComboBox as AriaComboBox,
  CheckboxGroup as AriaCheckboxGroup,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select as AriaSelect,
  SelectValue,
  Text,
  TextArea,
  TextField as AriaTextField,
  Button as AriaButton,
} from "react-aria-components";

/**
 * Form fields built on React Aria: labels, descriptions and error text are wired to
 * the input with ARIA, so a screen reader announces "Email, invalid, This person is
 * already a member". Errors come from the server (or Conform's client-side check).
 */
interface FieldBase {
  label: string;
  name: string;
  description?: ReactNode;
  errors?: string[];
}

function Description({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <Text slot="description" className="field-description">
      {children}
    </Text>
  );
}

function Errors({ errors }: { errors?: string[] }) {
  return <FieldError className="field-error">{errors?.join(" ")}</FieldError>;
}

export interface TextFieldProps extends FieldBase {
  type?: "text" | "email" | "password" | "search" | "url" | "date";
  defaultValue?: string;
  autoComplete?: string;
  isRequired?: boolean;
  autoFocus?: boolean;
  inputMode?: "text" | "email" | "numeric" | "decimal";
  /** Several lines, such as a postal address. */
  multiline?: boolean;
}

export function TextField({ label, name, description, errors, multiline, ...props }: TextFieldProps) {
  return (
    <AriaTextField
      {...props}
      name={name}
      isInvalid={Boolean(errors?.length)}
      validationBehavior="aria"
      className="field"
    >
      <Label className="field-label">{label}</Label>
      {multiline ? <TextArea className="field-input" rows={3} /> : <Input className="field-input" />}
      <Description>{description}</Description>
      <Errors errors={errors} />
    </AriaTextField>
  );
}

export interface SelectProps<K extends string> extends FieldBase {
  options: readonly { id: K; label: string }[];
  defaultValue?: K;
  isRequired?: boolean;
  /** For a select the page reacts to (not only submits): the chosen key, and its change. */
  selectedKey?: K | null;
  onChange?: (key: K) => void;
  /** Shown before anything is chosen; react-aria's own is a generic "Select an item". */
  placeholder?: string;
}

export function Select<K extends string>({
  label, name, description, errors, options, defaultValue, isRequired, selectedKey, onChange, placeholder = "Choose…",
}: SelectProps<K>) {
  return (
    <AriaSelect
      name={name}
      placeholder={placeholder}
      defaultSelectedKey={defaultValue}
      {...(selectedKey === undefined ? {} : { selectedKey })}
      onSelectionChange={onChange ? (key) => onChange(String(key) as K) : undefined}
      isRequired={isRequired}
      isInvalid={Boolean(errors?.length)}
      validationBehavior="aria"
      className="field"
    >
      <Label className="field-label">{label}</Label>
      <AriaButton className="field-input select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </AriaButton>
      <Description>{description}</Description>
      <Errors errors={errors} />
      <Popover className="popover">
        <ListBox className="listbox">
          {options.map((option) => (
            <ListBoxItem key={option.id} id={option.id} className="listbox-item">
              {option.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}

export interface SearchPickerProps extends FieldBase {
  options: readonly { id: string; label: string }[];
  isRequired?: boolean;
}

/** A Select for long lists: type to narrow, arrows to choose; the form receives the chosen id. */
export function SearchPicker({ label, name, description, errors, options, isRequired }: SearchPickerProps) {
  return (
    <AriaComboBox
      name={name}
      formValue="key"
      defaultItems={options}
      isRequired={isRequired}
      isInvalid={Boolean(errors?.length)}
      validationBehavior="aria"
      menuTrigger="focus"
      className="field"
    >
      <Label className="field-label">{label}</Label>
      <div className="combobox">
        <Input className="field-input" />
        <AriaButton className="combobox-button" aria-label={`Show every choice for ${label}`}>
          <span aria-hidden="true">▾</span>
        </AriaButton>
      </div>
      <Description>{description}</Description>
      <Errors errors={errors} />
      <Popover className="popover">
        <ListBox className="listbox" renderEmptyState={() => <p className="listbox-empty">Nothing matches.</p>}>
          {(option: { id: string; label: string }) => (
            <ListBoxItem id={option.id} className="listbox-item">
              {option.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaComboBox>
  );
}

export interface CheckboxGroupProps extends FieldBase {
  options: readonly { id: string; label: string }[];
  defaultValue?: string[];
}

export function CheckboxGroup({ label, name, description, errors, options, defaultValue }: CheckboxGroupProps) {
  return (
    <AriaCheckboxGroup
      name={name}
      defaultValue={defaultValue}
      isInvalid={Boolean(errors?.length)}
      validationBehavior="aria"
      className="field"
    >
      <Label className="field-label">{label}</Label>
      <div className="checkbox-list">
        {options.map((option) => (
          <Checkbox key={option.id} value={option.id}>
            {option.label}
          </Checkbox>
        ))}
      </div>
      <Description>{description}</Description>
      <Errors errors={errors} />
    </AriaCheckboxGroup>
  );
}

export function Checkbox({
  children,
  ...props
}: { children: ReactNode; value?: string; name?: string; defaultSelected?: boolean }) {
  return (
    <AriaCheckbox {...props} className="checkbox">
      <span className="checkbox-box" aria-hidden="true" />
      {children}
    </AriaCheckbox>
  );
}

/** A message about the whole form (not one field), announced when it appears. */
/** Every message of an action's reply, for forms whose fields are hidden (row buttons) or not bound to Conform. */
export function ReplyErrors({ reply }: { reply?: { error?: Record<string, string[] | null> | null } | null }) {
  return <FormErrors errors={Object.values(reply?.error ?? {}).flatMap((messages) => messages ?? [])} />;
}

export function FormErrors({ errors }: { errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <div role="alert" className="notice notice-error">
      {errors.join(" ")}
    </div>
  );
}
