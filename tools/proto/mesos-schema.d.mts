// Types of mesos-schema.mjs (plain JS: the proto writer runs with node, no build).

export const SCHEMA_ENV: "MESOS_SCHEMA";

export interface DescriptorField {
  name: string;
  number: number;
  label: "optional" | "required" | "repeated";
  type: string;
  type_name?: string;
  default_value?: string;
  oneof_index?: number;
  options?: { deprecated?: boolean; packed?: boolean };
}
export interface DescriptorMessage {
  full_name: string;
  fields: DescriptorField[];
  oneofs?: string[];
  options?: { map_entry?: boolean };
  nested_enums?: string[];
  nested_messages?: string[];
}
export interface DescriptorEnum {
  full_name: string;
  values: { name: string; number: number; options?: { deprecated?: boolean } }[];
}
export interface Descriptor {
  files: {
    name: string;
    package: string;
    syntax?: string;
    dependencies?: string[];
    options?: Record<string, unknown>;
    messages: DescriptorMessage[];
    enums: DescriptorEnum[];
  }[];
}

export interface Schema {
  /** A FileDescriptorSet `buf breaking` can read. */
  binpb: string;
  descriptor: Descriptor;
  /** mesos-v1-descriptor.json when one came with the schema (`descriptor` was read from it). */
  descriptorJson?: string;
}

export function readSchema(path: string, scratch: string): Schema;
export function descriptorFromBinpb(binpb: string, scratch: string): Descriptor;
export function descriptorFromImage(image: unknown): Descriptor;
